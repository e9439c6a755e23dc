package mda.engine.probe;

import java.util.List;

/** Names of the stored metrics; per-head kinds carry a layer and head, run-level kinds use layer = head = −1. */
public final class MetricKind {
    private MetricKind() {
    }

    /** Induction score on RRT at the default repeat length R (§2.2). */
    public static final String INDUCTION = "induction";
    /** Induction score on RRT at the shorter repeat length, to rule out fixed-offset heads. */
    public static final String INDUCTION_SHORT = "induction_short";
    /** Previous-token score on RRT (§2.3). */
    public static final String PREV_TOKEN = "prev_token";
    /** Previous-token score on held-out natural text. */
    public static final String PREV_TOKEN_NT = "prev_token_nt";
    /** Duplicate-token score on RRT (attention from i to prev(i)). */
    public static final String DUP_TOKEN = "dup_token";
    /** OV-circuit eigenvalue copying score (§2.4.1). */
    public static final String COPY_OV = "copy_ov";
    /** Empirical copying score: target in the top 5 of the head's direct logits on RRT (§2.4.2). */
    public static final String COPY_EMP = "copy_emp";

    /** ICL gain = loss at the early position − loss at the late position on held-out text (§2.5). */
    public static final String ICL_GAIN = "icl_gain";
    /** Mean per-token loss on held-out text. */
    public static final String NT_LOSS = "nt_loss";
    /** Mean training loss of the step's batch. */
    public static final String TRAIN_LOSS = "train_loss";

    public static final List<String> HEAD_KINDS =
            List.of(INDUCTION, INDUCTION_SHORT, PREV_TOKEN, PREV_TOKEN_NT, DUP_TOKEN, COPY_OV, COPY_EMP);
    public static final List<String> RUN_KINDS = List.of(ICL_GAIN, NT_LOSS);
}
