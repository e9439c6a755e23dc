package mda.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.EnumMap;
import java.util.Map;
import mda.engine.analysis.Correlation;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxModel;
import mda.engine.model.Taps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * O7 (spec §7): on the spec's tiny random-init model (2 layers, d = 16, 2 heads, r = 2, V = 20, T = 12; layer 1
 * head 0, qkvo, 536 parameters), EK-FAC scores of 96 training sequences against influence under the exact damped
 * block-diagonal Fisher. Expectations over labels are exact: every position t and label v gets its own copy of the
 * sequence in one batch (sequences do not interact), weighted by p_t(v).
 */
class CalibrationTest {
    private static final ModelConfig CFG = new ModelConfig(2, 16, 2, 0, 12, 20, 0.25, 10000, 1e-5, "neox");
    private static final int T = 12;
    private static final int V = 20;

    /** Per-(t, v) taps of −log p_t(v) for one sequence (batch index t·V+v) and the probabilities p_t(v). */
    private record Expanded(LayerTaps taps, double[] p) {
    }

    private static Expanded expand(NeoxModel model, int[] window) {
        int b = T * V;
        int[] ids = new int[b * T];
        float[] mask = new float[b * T * V];
        for (int t = 0; t < T; t++) {
            for (int v = 0; v < V; v++) {
                int k = t * V + v;
                System.arraycopy(window, 0, ids, k * T, T);
                mask[(k * T + t) * V + v] = 1;
            }
        }
        try (NDManager m = model.manager().newSubManager()) {
            Taps taps = new Taps().gradientTapLayer(1);
            NDArray logits;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                logits = model.forward(m.create(ids, new Shape(b, T)), taps);
                NDArray logp = logits.logSoftmax(-1);
                gc.backward(logp.mul(m.create(mask, new Shape(b, T, V))).sum().neg());
            }
            float[] probs = logits.get(0).softmax(-1).toFloatArray(); // copy 0: [T][V]
            double[] p = new double[T * V];
            for (int i = 0; i < p.length; i++) {
                p[i] = probs[i];
            }
            LayerTaps lt = new LayerTaps(b, T, CFG.dModel(), taps.qkvInput().toFloatArray(),
                    taps.qkvOutputGrad().toFloatArray(), taps.denseInput().toFloatArray(),
                    taps.denseOutputGrad().toFloatArray());
            return new Expanded(lt, p);
        }
    }

    @Test
    void o7EkfacTracksExactBlockFisherInfluenceBetterThanThePlainDotProduct() throws Exception {
        HeadSlice slice = HeadSlice.of(CFG, 1, 0, HeadSlice.Mode.QKVO, true);
        assertTrue(slice.parameterCount() == 536);
        int n = 96;
        int[][] train = ModelOraclesTestWindows.windows(CFG, 31, n);
        try (NDManager root = NDManager.newBaseManager();
             NeoxModel model = NeoxModel.init(CFG, 17, root, DataType.FLOAT32)) {
            model.setRequiresGradient(false);
            Map<Block, CovarianceAccumulator> cov = new EnumMap<>(Block.class);
            Map<Block, DMatrixRMaj> fisher = new EnumMap<>(Block.class);
            for (Block b : slice.blocks()) {
                cov.put(b, CovarianceAccumulator.forSlice(slice, b));
                int dim = slice.dOut(b) * slice.dIn(b);
                fisher.put(b, new DMatrixRMaj(dim, dim));
            }
            Expanded[] ex = new Expanded[n];
            for (int i = 0; i < n; i++) {
                ex[i] = expand(model, train[i]);
                for (Block b : slice.blocks()) {
                    int dim = slice.dOut(b) * slice.dIn(b);
                    DMatrixRMaj stacked = new DMatrixRMaj(T * V, dim); // rows √p · vec G_t(v)
                    DMatrixRMaj gAll = new DMatrixRMaj(T * V * T, slice.dOut(b)); // rows √p · g_{t'}^{(t,v)}
                    DMatrixRMaj a = null;
                    for (int k = 0; k < T * V; k++) {
                        double sw = Math.sqrt(ex[i].p()[k]);
                        BlockData d = TapExtractor.extract(slice, b, ex[i].taps(), k);
                        a = d.a();
                        for (int j = 0; j < d.g().data.length; j++) {
                            gAll.data[k * d.g().data.length + j] = sw * d.g().data[j];
                        }
                        DMatrixRMaj grad = d.gradient();
                        for (int j = 0; j < dim; j++) {
                            stacked.data[k * dim + j] = sw * grad.data[j];
                        }
                    }
                    CommonOps_DDRM.multAddTransA(1.0 / n, stacked, stacked, fisher.get(b));
                    // exact E_y of the per-token sums: A is label-free, S sums p-weighted g gᵀ over (t, v)
                    DMatrixRMaj aaT = new DMatrixRMaj(a.numCols, a.numCols);
                    CommonOps_DDRM.multTransA(a, a, aaT);
                    DMatrixRMaj ggT = new DMatrixRMaj(gAll.numCols, gAll.numCols);
                    CommonOps_DDRM.multTransA(gAll, gAll, ggT);
                    cov.get(b).addSums(aaT, ggT, T, 1);
                }
            }
            Map<Block, BlockFactors> blocks = new EnumMap<>(Block.class);
            for (Block b : slice.blocks()) {
                CovarianceAccumulator c = cov.get(b);
                LambdaAccumulator lam = new LambdaAccumulator(b, c.inputBasis(), c.outputBasis());
                for (Expanded e : ex) {
                    for (int k = 0; k < T * V; k++) {
                        DMatrixRMaj g = TapExtractor.extract(slice, b, e.taps(), k).gradient();
                        CommonOps_DDRM.scale(Math.sqrt(e.p()[k]), g);
                        lam.addGradient(g);
                    }
                }
                DMatrixRMaj lambda = lam.lambda();
                CommonOps_DDRM.scale((double) lam.sequences() / n, lambda); // Σ_n Σ_{t,v} p(·)² / N
                blocks.put(b, BlockFactors.of(b, c.inputBasis(), c.outputBasis(), lambda, Damping.defaults()));
            }
            EkfacFactors factors = new EkfacFactors(slice, blocks);

            HeadGradients grads = new HeadGradients(model, 1, true);
            int[][] items = Probe.items(CFG, 3, 4);
            ProbeGradient pg = new ProbeGradient(slice);
            pg.add(grads.probe(new Probe("copy_target_synthetic", 1, 0), items).taps());
            Map<Block, DMatrixRMaj> v = pg.gradient(1.0 / items.length);
            InfluenceScorer ekfac = InfluenceScorer.single(slice, Ihvp.apply(factors, v));
            Map<Block, DMatrixRMaj> exactP = new EnumMap<>(Block.class);
            for (Block b : slice.blocks()) {
                DMatrixRMaj f = fisher.get(b).copy();
                double lambda = factors.block(b).damping();
                for (int i = 0; i < f.numRows; i++) {
                    f.add(i, i, lambda);
                }
                DMatrixRMaj rhs = v.get(b).copy();
                rhs.reshape(rhs.getNumElements(), 1);
                DMatrixRMaj sol = new DMatrixRMaj(rhs.numRows, 1);
                assertTrue(CommonOps_DDRM.solve(f, rhs, sol));
                sol.reshape(slice.dOut(b), slice.dIn(b));
                exactP.put(b, sol);
            }
            InfluenceScorer exact = InfluenceScorer.single(slice, exactP);
            InfluenceScorer identity = InfluenceScorer.single(slice, v);
            double[] se = new double[n];
            double[] sx = new double[n];
            double[] si = new double[n];
            for (int i = 0; i < n; i++) {
                LayerTaps taps = grads.realLabel(new int[][] {train[i]}).taps();
                se[i] = ekfac.score(taps, 0).score(0);
                sx[i] = exact.score(taps, 0).score(0);
                si[i] = identity.score(taps, 0).score(0);
            }
            double rEkfac = Correlation.pearson(se, sx);
            double rIdentity = Correlation.pearson(si, sx);
            assertTrue(rEkfac >= 0.7, "EK-FAC Pearson " + rEkfac + " (identity " + rIdentity + ")");
            assertTrue(rEkfac > rIdentity, "EK-FAC " + rEkfac + " vs identity " + rIdentity);
        }
    }
}
