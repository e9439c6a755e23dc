package mda.app.ui.samples;

/**
 * One row of the Samples table: a top positive ({@code sign} "+") or negative ("−") sample with its rank within
 * its sign, score, category, longest repeated span and source document.
 */
public record SampleRow(String sign, int rank, double score, long sampleId, String category, int repeatLength,
                        int repeatDistance, String repeatText, String source) {
}
