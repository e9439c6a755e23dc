package mda.engine.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import mda.engine.model.ModelConfig;
import mda.engine.model.NeoxModel;
import mda.engine.model.NeoxNames;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Float64 model copies with the head slice moved along a direction, for finite-difference oracles. */
final class SliceModels {
    private SliceModels() {
    }

    static Map<String, double[]> values(NeoxModel model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toType(DataType.FLOAT64, false).toDoubleArray());
        }
        return out;
    }

    /** A FLOAT64 model whose slice parameters are {@code base + eps·dir} (dir per block, d_out × d_in). */
    static NeoxModel moved(ModelConfig cfg, Map<String, double[]> base, HeadSlice s, Map<Block, DMatrixRMaj> dir,
            double eps, NDManager parent) {
        Map<String, double[]> v = new LinkedHashMap<>();
        base.forEach((k, x) -> v.put(k, x.clone()));
        int d = cfg.dModel();
        int dh = s.headDim();
        double[] w = v.get(NeoxNames.qkvWeight(s.layer()));
        double[] bias = v.get(NeoxNames.qkvBias(s.layer()));
        for (Map.Entry<Block, DMatrixRMaj> e : dir.entrySet()) {
            DMatrixRMaj m = e.getValue();
            switch (e.getKey()) {
                case QK, V -> {
                    int row0 = s.qkvColumn() + (e.getKey() == Block.QK ? 0 : 2 * dh);
                    for (int i = 0; i < m.numRows; i++) {
                        for (int j = 0; j < d; j++) {
                            w[(row0 + i) * d + j] += eps * m.get(i, j);
                        }
                        if (s.withBias()) {
                            bias[row0 + i] += eps * m.get(i, d);
                        }
                    }
                }
                case O -> {
                    double[] wo = v.get(NeoxNames.denseWeight(s.layer()));
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < dh; j++) {
                            wo[i * d + s.head() * dh + j] += eps * m.get(i, j);
                        }
                    }
                }
            }
        }
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : NeoxNames.shapes(cfg).entrySet()) {
            arrays.put(e.getKey(), parent.create(v.get(e.getKey()), e.getValue()));
        }
        NeoxModel model = NeoxModel.fromArrays(cfg, arrays, parent);
        model.setRequiresGradient(false);
        return model;
    }

    /** Σ over the batch of the tap gradients G_b = Σ_t g_t ã_tᵀ. */
    static Map<Block, DMatrixRMaj> tapGradient(HeadSlice s, LayerTaps taps) {
        Map<Block, DMatrixRMaj> out = new EnumMap<>(Block.class);
        for (Block b : s.blocks()) {
            DMatrixRMaj sum = new DMatrixRMaj(s.dOut(b), s.dIn(b));
            for (int n = 0; n < taps.batch(); n++) {
                CommonOps_DDRM.addEquals(sum, TapExtractor.extract(s, b, taps, n).gradient());
            }
            out.put(b, sum);
        }
        return out;
    }

    /** A single-entry direction. */
    static Map<Block, DMatrixRMaj> unit(HeadSlice s, Block b, int i, int j) {
        DMatrixRMaj m = new DMatrixRMaj(s.dOut(b), s.dIn(b));
        m.set(i, j, 1);
        return Map.of(b, m);
    }

    static double maxAbs(Map<Block, DMatrixRMaj> m) {
        double x = 0;
        for (DMatrixRMaj v : m.values()) {
            x = Math.max(x, CommonOps_DDRM.elementMaxAbs(v));
        }
        return x;
    }
}
