package mda.app.ui.samples;

import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import mda.engine.analysis.RepeatedSpans;

/**
 * The inspector's tokens, wrapped like text and drawn on one canvas. One node per token made a click on a 2048-token
 * sample cost most of a second in CSS alone ({@code mda bench --gui-latency --gui-ctx 2048}); drawing costs a few
 * milliseconds. Hovering a token of a repeat pair outlines both occurrences and shows the token's tooltip.
 */
public final class TokenStrip extends Region {
    private static final double INSET = 6;
    private static final double PAD_X = 3;
    private static final double PAD_Y = 1;
    private static final double GAP_X = 2;
    private static final double GAP_Y = 3;
    private static final double RADIUS = 3;
    /** The height a canvas may take on common GPUs (texture limit); a longer sample is cut there. */
    private static final double MAX_CANVAS = 16384;
    private static final Color PLAIN_BORDER = Color.web("#E0E0E0");
    private static final Color SECOND_BORDER = Color.web("#333333");

    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private final Font font = Font.font("DejaVu Sans Mono", FontWeight.NORMAL, 12);
    private final Font bold = Font.font("DejaVu Sans Mono", FontWeight.BOLD, 12);
    private final double lineHeight;
    private InspectedSample sample;
    private TokenStyle.Look[] looks = new TokenStyle.Look[0];
    private double[] widths = new double[0];
    private double[] xs = new double[0];
    private double[] ys = new double[0];
    private double laidOutWidth = -1;
    private int linked = -1;
    private int hovered = -1;
    private boolean tipInstalled;
    /** Measured label widths, plain and bold: tokens recur, and measuring text is most of what a click costs. */
    private final java.util.Map<String, Double> plainWidths = new java.util.HashMap<>();
    private final java.util.Map<String, Double> boldWidths = new java.util.HashMap<>();
    private final Text measure = new Text();

    public TokenStrip() {
        setId("sampleTokens");
        getChildren().add(canvas);
        Text probe = new Text("Mg");
        probe.setFont(bold);
        lineHeight = Math.ceil(probe.getLayoutBounds().getHeight()) + 2 * PAD_Y;
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(indexAt(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
    }

    /** Shows {@code s} (null clears), filled by pair colour or, with {@code overlay}, by token influence. */
    void show(InspectedSample s, boolean overlay) {
        sample = s;
        linked = -1;
        hover(-1); // the old sample's tooltip goes with it
        int n = s == null ? 0 : s.labels().length;
        looks = new TokenStyle.Look[n];
        widths = new double[n];
        xs = new double[0]; // no hit-testing against the old positions until the next layout
        ys = new double[0];
        double max = s == null ? 0 : s.maxAbsContribution();
        for (int i = 0; i < n; i++) {
            int p = s.pairOf()[i];
            looks[i] = TokenStyle.look(p, s.occurrence()[i], s.contribution(i), max, overlay);
            widths[i] = width(s.labels()[i], looks[i].bold()) + 2 * PAD_X;
        }
        laidOutWidth = -1;
        requestLayout();
    }

    private double width(String label, boolean isBold) {
        java.util.Map<String, Double> cache = isBold ? boldWidths : plainWidths;
        Double w = cache.get(label);
        if (w == null) {
            if (cache.size() > 50_000) {
                cache.clear(); // a bound for very large vocabularies
            }
            measure.setFont(isBold ? bold : font);
            measure.setText(label);
            w = Math.ceil(measure.getLayoutBounds().getWidth());
            cache.put(label, w);
        }
        return w;
    }

    /** Number of tokens shown. */
    public int tokenCount() {
        return looks.length;
    }

    /** The label of token {@code i}. */
    public String text(int i) {
        return sample.labels()[i];
    }

    /** Token {@code i}'s look as inline CSS, for tests and tools. */
    public String style(int i) {
        return looks[i].css();
    }

    /** The repeat pair token {@code i} belongs to, or −1. */
    public int pairOf(int i) {
        return sample.pairOf()[i];
    }

    /** Whether token {@code i} is the later occurrence of its pair (drawn bold with a dark border). */
    public boolean isSecondOccurrence(int i) {
        return looks[i].bold();
    }

    /** The pair under the mouse, outlined in both occurrences, or −1. */
    public int linkedPair() {
        return linked;
    }

    /** The centre of token {@code i} in this node's coordinates (after layout). */
    public Point2D center(int i) {
        return new Point2D(xs[i] + widths[i] / 2, ys[i] + lineHeight / 2);
    }

    /** The tooltip text of token {@code i}: its pair and its influence; empty when it has neither. */
    public String tooltipText(int i) {
        StringBuilder sb = new StringBuilder();
        int p = sample.pairOf()[i];
        if (p >= 0) {
            RepeatedSpans.Span sp = sample.spans().get(p);
            sb.append(String.format("pair %d: %d tokens at %d, repeated at %d (distance %d)", p + 1, sp.length(),
                    sp.firstStart(), sp.secondStart(), sp.distance()));
        }
        double c = sample.contribution(i);
        if (!Double.isNaN(c)) {
            sb.append(sb.length() == 0 ? "" : "\n")
                    .append(String.format("token influence %+.4g (positive = helps the head form)", c));
        }
        return sb.toString();
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 200;
    }

    @Override
    protected double computePrefHeight(double width) {
        return place(width > 0 ? width : 600, null, null);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        if (w != laidOutWidth || xs.length != looks.length) {
            xs = new double[looks.length];
            ys = new double[looks.length];
            double h = Math.min(MAX_CANVAS, place(w, xs, ys));
            canvas.setWidth(w);
            canvas.setHeight(h);
            laidOutWidth = w;
        }
        draw();
    }

    /** Wraps the tokens into lines of {@code width}; fills the positions when given; returns the height. */
    private double place(double width, double[] x, double[] y) {
        double cx = INSET;
        double cy = INSET;
        for (int i = 0; i < widths.length; i++) {
            if (cx > INSET && cx + widths[i] > width - INSET) {
                cx = INSET;
                cy += lineHeight + GAP_Y;
            }
            if (x != null) {
                x[i] = cx;
                y[i] = cy;
            }
            cx += widths[i] + GAP_X;
        }
        return cy + (widths.length == 0 ? 0 : lineHeight) + INSET;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        for (int i = 0; i < looks.length; i++) {
            if (ys[i] > canvas.getHeight()) {
                break;
            }
            TokenStyle.Look look = looks[i];
            double x = xs[i];
            double y = ys[i];
            if (look.fill() != null) {
                g.setFill(look.fill());
                g.fillRoundRect(x, y, widths[i], lineHeight, 2 * RADIUS, 2 * RADIUS);
            }
            boolean isLinked = linked >= 0 && sample.pairOf()[i] == linked;
            Color border = isLinked ? Color.BLACK : look.border() != null ? look.border()
                    : look.bold() ? SECOND_BORDER : PLAIN_BORDER;
            double bw = isLinked ? 2.5 : look.borderWidth();
            g.setStroke(border);
            g.setLineWidth(bw);
            g.strokeRoundRect(x + bw / 2, y + bw / 2, widths[i] - bw, lineHeight - bw, 2 * RADIUS, 2 * RADIUS);
            g.setFill(Color.BLACK);
            g.setFont(look.bold() ? bold : font);
            g.fillText(sample.labels()[i], x + PAD_X, y + lineHeight / 2);
        }
    }

    private int indexAt(double x, double y) {
        for (int i = 0; i < xs.length; i++) {
            if (y >= ys[i] && y < ys[i] + lineHeight && x >= xs[i] && x < xs[i] + widths[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Follows the mouse from token to token; moves within one token change nothing. */
    private void hover(int i) {
        if (i == hovered) {
            return;
        }
        hovered = i;
        int pair = i < 0 ? -1 : sample.pairOf()[i];
        if (pair != linked) {
            linked = pair;
            draw();
        }
        String text = i < 0 ? "" : tooltipText(i);
        if (text.isEmpty()) {
            if (tipInstalled) {
                Tooltip.uninstall(canvas, tip);
                tipInstalled = false;
            }
        } else {
            tip.setText(text);
            if (!tipInstalled) {
                Tooltip.install(canvas, tip);
                tipInstalled = true;
            }
        }
    }
}
