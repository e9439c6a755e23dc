package mda.engine.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import mda.engine.util.SplitMix64;

/**
 * Byte-level BPE training with incremental pair counts over the table of unique pieces: each merge touches only
 * the pieces that contain the merged pair, and a lazy max-heap finds the next most frequent pair.
 * Ids: 0 EOD, 1..256 bytes, {@code 257 + r} the result of merge rank {@code r}.
 */
final class BpeTrainer {
    static final int FIRST_MERGE_ID = 257;

    /** Statistics of one adjacent pair: weighted count and the pieces that may contain it (possibly stale). */
    private static final class Pair {
        final long key;
        long count;
        int[] words = new int[4];
        int nWords;
        int lastWord = -1;
        int touchedAt = -1;
        long countBefore;

        Pair(long key) {
            this.key = key;
        }

        void addWord(int w) {
            if (lastWord == w) {
                return;
            }
            lastWord = w;
            if (nWords == words.length) {
                words = Arrays.copyOf(words, nWords * 2);
            }
            words[nWords++] = w;
        }
    }

    private record Entry(long count, long tie, long key) {
    }

    private final long seed;
    private final Map<Long, Pair> pairs = new HashMap<>();
    private final PriorityQueue<Entry> heap = new PriorityQueue<>((x, y) -> x.count != y.count
            ? Long.compare(y.count, x.count) : x.tie != y.tie ? Long.compare(x.tie, y.tie) : Long.compare(x.key, y.key));
    private int[][] syms;
    private long[] freq;
    private int[] seenAt;

    private BpeTrainer(long seed) {
        this.seed = seed;
    }

    /**
     * Merges as {@code (left id, right id)} in rank order, at most {@code vocabSize - 257} of them; training stops
     * early when no pair occurs at least twice.
     */
    static int[][] train(Iterable<String> docs, int vocabSize, long seed) {
        if (vocabSize < FIRST_MERGE_ID) {
            throw new IllegalArgumentException("BPE vocabSize must be at least 257 (EOD + 256 bytes), got " + vocabSize);
        }
        return new BpeTrainer(seed).run(docs, vocabSize - FIRST_MERGE_ID);
    }

    /** Tie-break among equally frequent pairs: a seeded hash, so the same seed and input give the same merges. */
    static long tieKey(long seed, long pairKey) {
        return new SplitMix64(seed ^ pairKey).nextLong();
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int[][] run(Iterable<String> docs, int maxMerges) {
        loadPieces(docs);
        for (int w = 0; w < syms.length; w++) {
            int[] s = syms[w];
            for (int i = 0; i + 1 < s.length; i++) {
                Pair p = pairs.computeIfAbsent(key(s[i], s[i + 1]), Pair::new);
                p.count += freq[w];
                p.addWord(w);
            }
        }
        for (Pair p : pairs.values()) {
            push(p);
        }
        seenAt = new int[syms.length];
        Arrays.fill(seenAt, -1);
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Pair best = popBest();
            if (best == null || best.count < 2) {
                break;
            }
            int rank = merges.size();
            int left = (int) (best.key >>> 32);
            int right = (int) best.key;
            merges.add(new int[] {left, right});
            applyMerge(best, left, right, FIRST_MERGE_ID + rank, rank);
        }
        return merges.toArray(new int[0][]);
    }

    private void loadPieces(Iterable<String> docs) {
        Map<String, long[]> counts = new HashMap<>();
        for (String doc : docs) {
            for (String piece : BpePieces.split(doc)) {
                counts.computeIfAbsent(piece, k -> new long[1])[0]++;
            }
        }
        // Sorted, so the piece table (and everything after it) is independent of hash iteration order.
        String[] pieces = counts.keySet().toArray(new String[0]);
        Arrays.sort(pieces);
        syms = new int[pieces.length][];
        freq = new long[pieces.length];
        for (int w = 0; w < pieces.length; w++) {
            byte[] bytes = pieces[w].getBytes(StandardCharsets.UTF_8);
            int[] s = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                s[i] = (bytes[i] & 0xFF) + 1;
            }
            syms[w] = s;
            freq[w] = counts.get(pieces[w])[0];
        }
    }

    private Pair popBest() {
        while (!heap.isEmpty()) {
            Entry e = heap.poll();
            Pair p = pairs.get(e.key);
            if (p != null && p.count == e.count) {
                return p;
            }
        }
        return null;
    }

    private void push(Pair p) {
        if (p.count > 0) {
            heap.add(new Entry(p.count, tieKey(seed, p.key), p.key));
        }
    }

    private void applyMerge(Pair merged, int left, int right, int newId, int rank) {
        List<Pair> touched = new ArrayList<>();
        for (int k = 0; k < merged.nWords; k++) {
            int w = merged.words[k];
            if (seenAt[w] == rank) {
                continue;
            }
            seenAt[w] = rank;
            int[] old = syms[w];
            int[] next = mergeInto(old, left, right, newId);
            if (next == old) {
                continue; // stale list entry: an earlier merge already consumed the pair here
            }
            adjust(old, -freq[w], touched, rank, -1, newId);
            adjust(next, freq[w], touched, rank, w, newId);
            syms[w] = next;
        }
        pairs.remove(merged.key);
        for (Pair p : touched) {
            if (p.count == 0) {
                pairs.remove(p.key);
            } else if (p.count != p.countBefore && p.key != merged.key) {
                push(p);
            }
        }
    }

    /**
     * Adds {@code delta} to every adjacent pair of {@code s}. With {@code word >= 0}, records the word under the
     * pairs that contain {@code newId}: the only pairs a merge can create.
     */
    private void adjust(int[] s, long delta, List<Pair> touched, int rank, int word, int newId) {
        for (int i = 0; i + 1 < s.length; i++) {
            long key = key(s[i], s[i + 1]);
            Pair p = pairs.computeIfAbsent(key, Pair::new);
            if (p.touchedAt != rank) {
                p.touchedAt = rank;
                p.countBefore = p.count;
                touched.add(p);
            }
            p.count += delta;
            if (word >= 0 && (s[i] == newId || s[i + 1] == newId)) {
                p.addWord(word);
            }
        }
    }

    /** {@code s} with every non-overlapping (left, right), scanned left to right, replaced by {@code newId}. */
    static int[] mergeInto(int[] s, int left, int right, int newId) {
        int n = 0;
        int[] out = null;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                if (out == null) {
                    out = new int[s.length - 1];
                    System.arraycopy(s, 0, out, 0, i);
                    n = i;
                }
                out[n++] = newId;
                i++;
            } else if (out != null) {
                out[n++] = s[i];
            }
        }
        return out == null ? s : Arrays.copyOf(out, n);
    }
}
