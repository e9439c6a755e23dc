package mda.engine.attribution;

import java.util.EnumMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The damped inverse-Fisher product of a probe gradient (spec §3.7), per block:
 * {@code P = Q_S [ (Q_Sᵀ V Q_A) ⊘ (Λ + λ) ] Q_Aᵀ}, which equals {@code (F̂ + λI)⁻¹ vec V} for the EK-FAC Fisher
 * {@code F̂ = (Q_A⊗Q_S) diag(vec Λ) (Q_A⊗Q_S)ᵀ}. Inactive (skipped) blocks give P = 0.
 */
public final class Ihvp {
    private Ihvp() {
    }

    /** P for one block and one d_out × d_in probe gradient V. */
    public static DMatrixRMaj apply(BlockFactors f, DMatrixRMaj v) {
        CovarianceAccumulator.checkShape("probe gradient of block " + f.block(), v, f.dOut(), f.dIn());
        int dOut = f.dOut();
        int dIn = f.dIn();
        DMatrixRMaj out = new DMatrixRMaj(dOut, dIn);
        if (!f.active()) {
            return out;
        }
        DMatrixRMaj qS = f.outputBasis().vectors();
        DMatrixRMaj qA = f.inputBasis().vectors();
        DMatrixRMaj tmp = new DMatrixRMaj(dOut, dIn);
        CommonOps_DDRM.multTransA(qS, v, tmp);
        DMatrixRMaj rotated = new DMatrixRMaj(dOut, dIn);
        CommonOps_DDRM.mult(tmp, qA, rotated);
        double lambda = f.damping();
        for (int i = 0; i < dOut * dIn; i++) {
            rotated.data[i] /= f.lambda().data[i] + lambda;
        }
        CommonOps_DDRM.mult(qS, rotated, tmp);
        CommonOps_DDRM.multTransB(tmp, qA, out);
        return out;
    }

    /** P_b for every block of the slice; {@code probeGradient} must hold one V_b per block. */
    public static Map<Block, DMatrixRMaj> apply(EkfacFactors factors, Map<Block, DMatrixRMaj> probeGradient) {
        EnumMap<Block, DMatrixRMaj> out = new EnumMap<>(Block.class);
        for (Block b : factors.slice().blocks()) {
            DMatrixRMaj v = probeGradient.get(b);
            if (v == null) {
                throw new IllegalArgumentException("probe gradient is missing block " + b);
            }
            out.put(b, apply(factors.block(b), v));
        }
        return out;
    }
}
