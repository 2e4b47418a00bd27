package dev.hearth.retention;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hearth.program.Program;
import dev.hearth.program.Tier;

/**
 * The daily retention report: one self-contained page per program and day that an operator looks
 * at over coffee. Inline SVG and CSS, no script, no link, no font or image fetched: it opens
 * offline and from a mail. It is XHTML (well-formed XML served as HTML), and every figure drawn
 * carries its value in a {@code data-} attribute, so a test reads back what was drawn and compares
 * it with the snapshot. Members appear by id only: a stored report holds no name (an erasure need
 * not rewrite it). Pure: no storage.
 */
public final class RetentionReport {

    /** Days of the D1 / D7 / D30 trend, ending the report's day. */
    public static final int TREND_DAYS = 30;
    /** Join cohorts in the heat map: the 31 days ending the report's day (day 0..30 of each). */
    public static final int HEAT_MAP_COHORTS = Bookkeeping.MAX_OFFSET + 1;
    /** Join cohorts blended into the split curves: the 61 days ending the day, each on the days it has reached. */
    public static final int CURVE_COHORT_DAYS = 61;

    /**
     * What the page draws.
     *
     * @param day the day's snapshot
     * @param trend the stored snapshots of the {@link #TREND_DAYS} days ending the day (missing days are gaps)
     * @param cohorts the curves of the {@link #HEAT_MAP_COHORTS} join cohorts ending the day
     * @param curves {@link RetentionFigures#blended} over the {@link #CURVE_COHORT_DAYS} days ending the day
     */
    public record Figures(Program program, Snapshot day, List<Snapshot> trend, List<Snapshot.CohortCurve> cohorts,
            Map<String, List<Double>> curves) {
    }

    // Colours: one per series, the same on every chart; the heat map runs from paper to deep teal.
    static final Map<String, String> COLOURS = Map.of("d1", "#e76f51", "d7", "#2a9d8f", "d30", "#264653",
            "connected", "#2a9d8f", "notConnected", "#e76f51", "referral", "#7b4fc9", "direct", "#e9a23b",
            "tier", "#2a9d8f");
    private static final int[] HEAT_LOW = { 0xee, 0xf4, 0xf1 };
    private static final int[] HEAT_HIGH = { 0x0b, 0x4f, 0x47 };
    private static final String INK = "#1f2a30";
    private static final String MUTED = "#6b7780";
    private static final String RULE = "#e4e2dc";
    private static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";

    private RetentionReport() {
    }

    public static String page(Figures f) {
        Snapshot s = f.day();
        Program program = f.program();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(esc(program.name())).append(" · retention on ").append(s.date())
                .append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<header><h1>").append(esc(program.name())).append("</h1><p>Community on <b>")
                .append(s.date()).append("</b> (").append(esc(program.timeZone().getId())).append(") · program <code>")
                .append(esc(program.programId())).append("</code></p></header>\n");

        html.append("<div class=\"cards\">\n");
        card(html, "Members", "totalMembers", s.totalMembers(), count(s.totalMembers()),
                "+" + count(s.newMembers()) + " joined that day");
        card(html, "Active that day", "activeDay", s.activeDay(), count(s.activeDay()),
                count(s.activeSevenDays()) + " in 7 days · " + count(s.activeThirtyDays()) + " in 30");
        retentionCard(html, "D1 retention", "d1", s.d1());
        retentionCard(html, "D7 retention", "d7", s.d7());
        retentionCard(html, "D30 retention", "d30", s.d30());
        card(html, "Silent 7+ days", "silentSevenDays", s.silentSevenDays(), count(s.silentSevenDays()),
                count(s.silentThirtyDays()) + " silent 30+ days");
        card(html, "Repurchase rate", "repurchaseRate", s.repurchaseRate(), percent(s.repurchaseRate()),
                count(s.repeatBuyers()) + " of " + count(s.buyers()) + " buyers bought again");
        card(html, "Joined by invitation", "referralShare", s.referralShare(), percent(s.referralShare()),
                count(s.referralJoins()) + " of " + count(s.newMembers()) + " new members");
        html.append("</div>\n");

        html.append("<section><h2>Retention over the last ").append(TREND_DAYS).append(" days</h2>")
                .append("<p class=\"sub\">Each day, the share of the members who joined 1, 7 and 30 days before ")
                .append("who were active on it.</p>");
        legend(html, List.of("d1", "d7", "d30"), Map.of("d1", "D1", "d7", "D7", "d30", "D30"));
        html.append(trendChart(f)).append("</section>\n");

        html.append("<section><h2>Cohorts</h2><p class=\"sub\">Each row a day's new members (size on the left); ")
                .append("each cell the share of them active n days after joining. Darker is better.</p>")
                .append(heatMap(f)).append("</section>\n");

        html.append("<section><h2>Who stays</h2><p class=\"sub\">Retention n days after joining, over the members ")
                .append("who joined in the ").append(CURVE_COHORT_DAYS).append(" days ending ").append(s.date())
                .append(" (each day over those who have reached it).</p><div class=\"two\"><div>")
                .append("<h3>By first-week connections</h3>");
        legend(html, List.of("connected", "notConnected"),
                Map.of("connected", "5 or more connections in week one", "notConnected", "fewer"));
        html.append(curveChart(f, "connections", List.of("connected", "notConnected"))).append("</div><div>")
                .append("<h3>By invitation</h3>");
        legend(html, List.of("referral", "direct"), Map.of("referral", "invited by a member", "direct", "came directly"));
        html.append(curveChart(f, "invitation", List.of("referral", "direct"))).append("</div></div></section>\n");

        html.append("<section><h2>Tiers</h2><p class=\"sub\">Members per tier on ").append(s.date()).append(".</p>")
                .append(tierChart(f)).append("</section>\n");

        html.append("<section><h2>Act today</h2><p class=\"sub\">Each list: the 20 most recently active of the ")
                .append("members silent that long, the easiest to win back first.</p><div class=\"three\">");
        silentList(html, "Silent 7+ days", "sevenDays", s.churnRisk().get("sevenDays"), "a personal note now");
        silentList(html, "Silent 14+ days", "fourteenDays", s.churnRisk().get("fourteenDays"), "a reason to return");
        silentList(html, "Silent 30+ days", "thirtyDays", s.churnRisk().get("thirtyDays"), "a last call");
        html.append("</div><div class=\"two\">");
        squads(html, s);
        voices(html, s);
        html.append("</div></section>\n");
        html.append("<footer>Hearth · figures as of the end of ").append(s.date())
                .append("; the lists as they stood when the snapshot was taken. Members are shown by id.</footer>\n")
                .append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    // --- cards, legends and lists

    private static void card(StringBuilder html, String label, String figure, Object value, String shown, String note) {
        html.append("<div class=\"card\"><div class=\"label\">").append(label).append("</div><div class=\"value\" ")
                .append("data-figure=\"").append(figure).append("\" data-value=\"").append(value == null ? "" : value)
                .append("\">").append(shown).append("</div><div class=\"note\">").append(esc(note)).append("</div></div>\n");
    }

    private static void retentionCard(StringBuilder html, String label, String figure, Snapshot.Retention r) {
        card(html, label, figure, r.rate(), percent(r.rate()), r.size() == 0 ? "nobody joined " + r.cohort()
                : count(r.active()) + " of " + count(r.size()) + " who joined " + r.cohort());
    }

    private static void legend(StringBuilder html, List<String> series, Map<String, String> labels) {
        html.append("<p class=\"legend\">");
        for (String name : series) {
            html.append("<span><i style=\"background:").append(COLOURS.get(name)).append("\"></i>")
                    .append(esc(labels.get(name))).append("</span>");
        }
        html.append("</p>");
    }

    private static void silentList(StringBuilder html, String title, String band, List<Snapshot.SilentMember> members,
            String hint) {
        html.append("<div><h3>").append(title).append("</h3><p class=\"sub\">").append(hint).append("</p>");
        if (members == null || members.isEmpty()) {
            html.append("<p class=\"empty\">Nobody.</p></div>");
            return;
        }
        html.append("<table data-list=\"").append(band).append("\"><tr><th>member</th><th>last active</th></tr>");
        for (Snapshot.SilentMember m : members) {
            html.append("<tr data-member=\"").append(esc(m.memberId())).append("\"><td>").append(esc(m.memberId()))
                    .append("</td><td>").append(esc(m.lastActiveDay())).append("</td></tr>");
        }
        html.append("</table></div>");
    }

    private static void squads(StringBuilder html, Snapshot s) {
        html.append("<div><h3>Silent squads</h3><p class=\"sub\" data-figure=\"silentSquads\" data-value=\"")
                .append(s.silentSquads()).append("\">").append(count(s.silentSquads())).append(" of ")
                .append(count(s.squads())).append(" squads had no member active in their silent days.</p>");
        if (s.silentSquadNames().isEmpty()) {
            html.append("<p class=\"empty\">None.</p></div>");
            return;
        }
        html.append("<ul class=\"squads\" data-list=\"silentSquads\">");
        s.silentSquadNames().forEach(name -> html.append("<li>").append(esc(name)).append("</li>"));
        html.append("</ul></div>");
    }

    private static void voices(StringBuilder html, Snapshot s) {
        html.append("<div><h3>Voices to thank</h3><p class=\"sub\">The most active members with quality posts.</p>");
        if (s.kocCandidates().isEmpty()) {
            html.append("<p class=\"empty\">No quality posts yet.</p></div>");
            return;
        }
        html.append("<table data-list=\"kocCandidates\"><tr><th>member</th><th>quality posts</th><th>activities</th></tr>");
        for (Snapshot.KocCandidate k : s.kocCandidates()) {
            html.append("<tr data-member=\"").append(esc(k.memberId())).append("\"><td>").append(esc(k.memberId()))
                    .append("</td><td>").append(count(k.qualityPosts())).append("</td><td>").append(count(k.activities()))
                    .append("</td></tr>");
        }
        html.append("</table></div>");
    }

    // --- charts

    /** A rate chart's frame: y from 0 to 100%, x over {@code points} positions. */
    private record Frame(int width, int height, int left, int right, int top, int bottom, int points) {
        double x(int i) {
            return left + (points == 1 ? 0 : i * (double) (width - left - right) / (points - 1));
        }

        double y(double rate) {
            return top + (1 - rate) * (height - top - bottom);
        }
    }

    private static String trendChart(Figures f) {
        LocalDate last = LocalDate.parse(f.day().date());
        LocalDate first = last.minusDays(TREND_DAYS - 1);
        Map<String, Snapshot> byDay = new LinkedHashMap<>();
        f.trend().forEach(s -> byDay.put(s.date(), s));
        List<String> labels = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String name : List.of("d1", "d7", "d30")) {
            series.put(name, new ArrayList<>());
        }
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            labels.add(day.toString());
            Snapshot s = byDay.get(day.toString());
            series.get("d1").add(s == null ? null : s.d1().rate());
            series.get("d7").add(s == null ? null : s.d7().rate());
            series.get("d30").add(s == null ? null : s.d30().rate());
        }
        Frame frame = new Frame(920, 240, 44, 16, 12, 30, labels.size());
        StringBuilder svg = svg("trend", frame.width(), frame.height());
        grid(svg, frame);
        // A label each week, counted back from the report's day.
        for (int i = labels.size() - 1; i >= 0; i -= 7) {
            xLabel(svg, frame, i, labels.get(i).substring(5));
        }
        series.forEach((name, values) -> line(svg, frame, name, labels, values));
        return svg.append("</svg>").toString();
    }

    private static String curveChart(Figures f, String id, List<String> names) {
        List<String> labels = new ArrayList<>();
        for (int n = 0; n <= Bookkeeping.MAX_OFFSET; n++) {
            labels.add(Integer.toString(n));
        }
        Frame frame = new Frame(440, 220, 44, 12, 12, 30, labels.size());
        StringBuilder svg = svg(id, frame.width(), frame.height());
        grid(svg, frame);
        for (int n = 0; n <= Bookkeeping.MAX_OFFSET; n += 5) {
            xLabel(svg, frame, n, n == 0 ? "day 0" : Integer.toString(n));
        }
        for (String name : names) {
            line(svg, frame, name, labels, f.curves().getOrDefault(name, List.of()));
        }
        return svg.append("</svg>").toString();
    }

    /** A chart's opening: its size, its name for the tests, and a white ground. */
    private static StringBuilder svg(String id, int width, int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"").append(id)
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">")
                .append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" fill=\"#ffffff\"/>");
    }

    private static void grid(StringBuilder svg, Frame frame) {
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = frame.y(pct / 100.0);
            svg.append("<line x1=\"").append(frame.left()).append("\" x2=\"").append(frame.width() - frame.right())
                    .append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y)).append("\" stroke=\"")
                    .append(RULE).append("\" stroke-width=\"1\"/>")
                    .append("<text x=\"").append(frame.left() - 6).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"").append(MUTED).append("\" ").append(FONT)
                    .append(">").append(pct).append("%</text>");
        }
    }

    private static void xLabel(StringBuilder svg, Frame frame, int i, String label) {
        svg.append("<text x=\"").append(num(frame.x(i))).append("\" y=\"").append(frame.height() - 10)
                .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"").append(MUTED).append("\" ").append(FONT)
                .append(">").append(esc(label)).append("</text>");
    }

    /** A series: segments between known neighbours (a gap where a value is unknown), a dot on each known point. */
    private static void line(StringBuilder svg, Frame frame, String name, List<String> labels, List<Double> values) {
        String colour = COLOURS.get(name);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= values.size(); i++) {
            Double v = i < values.size() ? values.get(i) : null;
            if (v != null) {
                points.append(points.isEmpty() ? "" : " ").append(num(frame.x(i))).append(',').append(num(frame.y(v)));
            } else if (!points.isEmpty()) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"").append(points).append("\"/>");
                points.setLength(0);
            }
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v != null) {
                svg.append("<circle data-series=\"").append(name).append("\" data-x=\"").append(labels.get(i))
                        .append("\" data-rate=\"").append(v).append("\" cx=\"").append(num(frame.x(i))).append("\" cy=\"")
                        .append(num(frame.y(v))).append("\" r=\"3.5\" fill=\"").append(colour).append("\"><title>")
                        .append(labels.get(i)).append(": ").append(percent(v)).append("</title></circle>");
            }
        }
    }

    /** Heat map geometry: a label column, then one cell per day n. */
    static final int CELL_WIDTH = 26;
    static final int CELL_HEIGHT = 14;
    static final int LABEL_WIDTH = 92;
    static final int HEADER_HEIGHT = 20;

    private static String heatMap(Figures f) {
        int columns = Bookkeeping.MAX_OFFSET + 1;
        int width = LABEL_WIDTH + columns * (CELL_WIDTH + 1);
        int height = HEADER_HEIGHT + Math.max(1, f.cohorts().size()) * (CELL_HEIGHT + 1) + 24;
        StringBuilder svg = svg("cohorts", width, height);
        for (int n = 0; n < columns; n += 5) {
            svg.append("<text x=\"").append(LABEL_WIDTH + n * (CELL_WIDTH + 1) + CELL_WIDTH / 2).append("\" y=\"14\" ")
                    .append("text-anchor=\"middle\" font-size=\"11\" fill=\"").append(MUTED).append("\" ").append(FONT)
                    .append(">").append(n == 0 ? "day 0" : Integer.toString(n)).append("</text>");
        }
        int row = 0;
        for (Snapshot.CohortCurve cohort : f.cohorts()) {
            int y = HEADER_HEIGHT + row * (CELL_HEIGHT + 1);
            svg.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + 11)
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"").append(INK).append("\" ").append(FONT)
                    .append(">").append(cohort.joinDay().substring(5)).append(" · ").append(count(cohort.size()))
                    .append("</text>");
            for (int n = 0; n < cohort.rate().size(); n++) {
                Double rate = cohort.rate().get(n);
                svg.append("<rect data-cohort=\"").append(cohort.joinDay()).append("\" data-day=\"").append(n)
                        .append("\" data-rate=\"").append(rate).append("\" x=\"").append(LABEL_WIDTH + n * (CELL_WIDTH + 1))
                        .append("\" y=\"").append(y).append("\" width=\"").append(CELL_WIDTH).append("\" height=\"")
                        .append(CELL_HEIGHT).append("\" fill=\"").append(heat(rate)).append("\"><title>")
                        .append(cohort.joinDay()).append(", day ").append(n).append(": ").append(percent(rate))
                        .append(" of ").append(count(cohort.size())).append("</title></rect>");
            }
            row++;
        }
        if (f.cohorts().isEmpty()) {
            svg.append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"").append(HEADER_HEIGHT + 11)
                    .append("\" font-size=\"12\" fill=\"").append(MUTED).append("\" ").append(FONT)
                    .append(">Nobody joined in these days.</text>");
        }
        // The scale, under the map.
        int scaleY = height - 16;
        for (int step = 0; step <= 10; step++) {
            svg.append("<rect x=\"").append(LABEL_WIDTH + step * 20).append("\" y=\"").append(scaleY)
                    .append("\" width=\"20\" height=\"10\" fill=\"").append(heat(step / 10.0)).append("\"/>");
        }
        svg.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(scaleY + 9)
                .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"").append(MUTED).append("\" ").append(FONT)
                .append(">0%</text><text x=\"").append(LABEL_WIDTH + 226).append("\" y=\"").append(scaleY + 9)
                .append("\" font-size=\"11\" fill=\"").append(MUTED).append("\" ").append(FONT).append(">100%</text>");
        return svg.append("</svg>").toString();
    }

    /** The heat map's colour of a rate: paper at 0, deep teal at 1 (by its square root, so low rates differ). */
    static String heat(Double rate) {
        double t = rate == null ? 0 : Math.sqrt(Math.max(0, Math.min(1, rate)));
        StringBuilder colour = new StringBuilder("#");
        for (int c = 0; c < 3; c++) {
            colour.append(String.format(Locale.ROOT, "%02x", Math.round(HEAT_LOW[c] + t * (HEAT_HIGH[c] - HEAT_LOW[c]))));
        }
        return colour.toString();
    }

    private static String tierChart(Figures f) {
        List<Tier> tiers = f.program().tiers();
        long most = Math.max(1, f.day().tierDistribution().values().stream().mapToLong(Long::longValue).max().orElse(1));
        int barRoom = 600;
        int height = tiers.size() * 30 + 8;
        StringBuilder svg = svg("tiers", 920, height);
        int row = 0;
        for (Tier tier : tiers) {
            long members = f.day().tierDistribution().getOrDefault(tier.id(), 0L);
            int y = 6 + row * 30;
            long width = Math.round(barRoom * (double) members / most);
            svg.append("<text x=\"150\" y=\"").append(y + 15).append("\" text-anchor=\"end\" font-size=\"13\" fill=\"")
                    .append(INK).append("\" ").append(FONT).append(">").append(esc(tier.name())).append("</text>")
                    .append("<rect data-tier=\"").append(esc(tier.id())).append("\" data-members=\"").append(members)
                    .append("\" x=\"160\" y=\"").append(y).append("\" width=\"").append(Math.max(members > 0 ? 2 : 0, width))
                    .append("\" height=\"20\" rx=\"3\" fill=\"").append(COLOURS.get("tier")).append("\"/>")
                    .append("<text x=\"").append(166 + Math.max(2, width)).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"13\" fill=\"").append(INK).append("\" ").append(FONT).append(">")
                    .append(count(members)).append("</text>");
            row++;
        }
        return svg.append("</svg>").toString();
    }

    // --- text

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(Double rate) {
        return rate == null ? "–" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String STYLE = """
            body{margin:0;background:#f4f1ea;color:#1f2a30;font:14px/1.45 system-ui,-apple-system,"Segoe UI",\
            "PingFang SC","Noto Sans CJK SC",Helvetica,Arial,sans-serif}
            main{max-width:960px;margin:0 auto;padding:28px 20px}
            header h1{font-size:24px;margin:0}header p{margin:4px 0 0;color:#6b7780}
            code{font-size:12px;background:#e9e5dc;padding:1px 5px;border-radius:4px}
            .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:20px 0 8px}
            .card{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.07)}
            .card .label{color:#6b7780;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
            .card .value{font-size:28px;font-weight:650;margin:2px 0}
            .card .note{color:#6b7780;font-size:12px}
            section{background:#fff;border-radius:10px;padding:16px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.07)}
            h2{font-size:17px;margin:0 0 2px}h3{font-size:14px;margin:8px 0 2px}
            .sub{color:#6b7780;margin:0 0 8px;font-size:13px}
            .legend{margin:4px 0 6px;font-size:13px}.legend span{margin-right:16px}
            .legend i{display:inline-block;width:14px;height:4px;border-radius:2px;vertical-align:middle;margin-right:6px}
            svg{display:block;max-width:100%;height:auto}
            .two{display:grid;grid-template-columns:1fr 1fr;gap:20px}
            .three{display:grid;grid-template-columns:1fr 1fr 1fr;gap:20px}
            table{border-collapse:collapse;width:100%}
            th,td{padding:3px 6px;text-align:left;border-bottom:1px solid #eeebe4;font-size:13px}
            th{color:#6b7780;font-weight:500}
            .empty{color:#6b7780;font-style:italic}
            .squads{margin:0;padding-left:18px;columns:2}
            footer{color:#6b7780;font-size:12px;margin-top:12px}
            """;
}
