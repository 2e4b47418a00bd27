package dev.hearth.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.hearth.program.DefaultProgram;
import dev.hearth.program.Program;

/**
 * The report's drawing rules, on figures made here: every chart draws (Apache Batik), each figure
 * lands where its value says, names are text and never markup, and a program with no history
 * still gets a page. The figures' equality with real snapshots is proven in RetentionSnapshotTest.
 */
class RetentionReportTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    @Test
    void everyChartDrawsItsFiguresWhereTheirValuesSay() {
        List<Snapshot> trend = new ArrayList<>();
        for (int back = 29; back >= 0; back--) {
            // D1 high, D7 middle, D30 low: far enough apart that no dot covers another; one day missing.
            if (back != 12) {
                trend.add(snapshot(DAY.minusDays(back), 0.7 + back / 200.0, 0.4 - back / 300.0,
                        back % 5 == 0 ? null : 0.05 + back / 1000.0));
            }
        }
        List<Snapshot.CohortCurve> cohorts = new ArrayList<>();
        for (int back = 30; back >= 0; back--) {
            List<Double> rates = new ArrayList<>();
            for (int n = 0; n <= back; n++) {
                rates.add(n == 0 ? 1.0 : Math.round(1000.0 / (n + 1 + back % 3)) / 1000.0);
            }
            cohorts.add(new Snapshot.CohortCurve(DAY.minusDays(back).toString(), 10 + back, List.of(), rates, Map.of()));
        }
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (String name : Snapshot.SPLITS) {
            List<Double> rates = new ArrayList<>();
            for (int n = 0; n <= 30; n++) {
                rates.add(n == 0 ? 1.0 : switch (name) {
                    case "connected", "referral" -> 0.8 - n / 100.0;
                    default -> 0.3 - n / 200.0;
                });
            }
            curves.put(name, rates);
        }
        Snapshot day = trend.get(trend.size() - 1);
        ReportPage page = new ReportPage(RetentionReport.page(new RetentionReport.Figures(DefaultProgram.create(), day,
                trend, cohorts, curves)));

        assertEquals(List.of("trend", "cohorts", "connections", "invitation", "tiers"), page.charts());
        // The trend: a dot per known rate, none for the missing day or a rate with no cohort, each in its colour.
        BufferedImage drawn = page.draw("trend");
        for (String series : List.of("d1", "d7", "d30")) {
            Map<String, Double> points = page.points("trend", series);
            assertEquals(series.equals("d30") ? 23 : 29, points.size(), series);
            assertFalse(points.containsKey(DAY.minusDays(12).toString()));
            for (Element dot : ReportPage.elements(page.chart("trend").getElementsByTagNameNS(ReportPage.SVG, "circle"))) {
                if (dot.getAttribute("data-series").equals(series)) {
                    assertEquals(RetentionReport.COLOURS.get(series), ReportPage.colourAt(drawn,
                            Double.parseDouble(dot.getAttribute("cx")), Double.parseDouble(dot.getAttribute("cy"))));
                    // Height is the rate: 0% on the bottom rule (y 210), 100% on the top one (y 12).
                    assertEquals(12 + (1 - Double.parseDouble(dot.getAttribute("data-rate"))) * 198,
                            Double.parseDouble(dot.getAttribute("cy")), 0.06);
                }
            }
        }
        trend.forEach(s -> assertEquals(s.d1().rate(), page.points("trend", "d1").get(s.date())));
        // The heat map: one cell per cohort and known day, coloured by its rate.
        BufferedImage heat = page.draw("cohorts");
        List<Element> cells = page.withAttribute("data-cohort");
        assertEquals(31 * 32 / 2, cells.size());
        for (Element cell : cells) {
            Double rate = Double.valueOf(cell.getAttribute("data-rate"));
            Snapshot.CohortCurve cohort = cohorts.stream().filter(c -> c.joinDay().equals(cell.getAttribute("data-cohort")))
                    .findFirst().orElseThrow();
            assertEquals(cohort.rate().get(Integer.parseInt(cell.getAttribute("data-day"))), rate);
            assertEquals(RetentionReport.heat(rate), ReportPage.colourAt(heat,
                    Double.parseDouble(cell.getAttribute("x")) + RetentionReport.CELL_WIDTH / 2.0,
                    Double.parseDouble(cell.getAttribute("y")) + RetentionReport.CELL_HEIGHT / 2.0));
        }
        assertEquals("#eef4f1", RetentionReport.heat(0.0));
        assertEquals("#0b4f47", RetentionReport.heat(1.0));
        // The split curves, each in its colour.
        for (String chart : List.of("connections", "invitation")) {
            BufferedImage image = page.draw(chart);
            for (Element dot : ReportPage.elements(page.chart(chart).getElementsByTagNameNS(ReportPage.SVG, "circle"))) {
                String series = dot.getAttribute("data-series");
                assertEquals(curves.get(series).get(Integer.parseInt(dot.getAttribute("data-x"))),
                        Double.valueOf(dot.getAttribute("data-rate")));
                if (!dot.getAttribute("data-x").equals("0")) { // day 0 is 100% for both: one dot covers the other
                    assertEquals(RetentionReport.COLOURS.get(series), ReportPage.colourAt(image,
                            Double.parseDouble(dot.getAttribute("cx")), Double.parseDouble(dot.getAttribute("cy"))));
                }
            }
        }
        // Tiers: a bar per tier, its length in proportion.
        BufferedImage tiers = page.draw("tiers");
        for (Element bar : page.withAttribute("data-tier")) {
            long members = Long.parseLong(bar.getAttribute("data-members"));
            assertEquals(day.tierDistribution().get(bar.getAttribute("data-tier")), members);
            assertEquals(Math.round(600.0 * members / 120), Math.round(Double.parseDouble(bar.getAttribute("width"))));
            assertEquals(RetentionReport.COLOURS.get("tier"), ReportPage.colourAt(tiers,
                    Double.parseDouble(bar.getAttribute("x")) + 1, Double.parseDouble(bar.getAttribute("y")) + 10));
        }
        assertEquals(Double.toString(day.d7().rate()), page.figure("d7"));
        assertEquals(List.of("m-7", "m-9"), page.members("sevenDays"));
    }

    @Test
    void namesAreWrittenAsTextNeverAsMarkup() {
        Program d = DefaultProgram.create();
        String name = "Tea <script>alert('x')</script> & \"Friends\"";
        Program program = new Program(d.programId(), name, d.timeZone(), d.currency(), d.tiers(), d.earning(),
                d.downgradeGraceDays(), d.pointsExpiryMonths(), d.perks(), d.referralCredit(), d.returnWindowDays(),
                d.squadRules(), false);
        Snapshot s = snapshot(DAY, 0.5, 0.2, null);
        Snapshot withSquads = new Snapshot(s.programId(), s.date(), s.totalMembers(), s.newMembers(), s.referralJoins(),
                s.referralShare(), s.activeDay(), s.activeSevenDays(), s.activeThirtyDays(), s.silentSevenDays(),
                s.silentFourteenDays(), s.silentThirtyDays(), s.d1(), s.d7(), s.d30(), s.splits(), s.buyers(),
                s.repeatBuyers(), s.repurchaseRate(), s.feedbackCount(), s.averageFeedbackScore(), s.tierDistribution(),
                s.pointsIssued(), s.pointsReversed(), s.pointsExpired(), 2, 1, 0.5, List.of("<img src=x onerror=1>"),
                List.of(new Snapshot.KocCandidate("m-<1>", "A <b>name</b>", 3, 9)), s.churnRisk());
        ReportPage page = new ReportPage(RetentionReport.page(new RetentionReport.Figures(program, withSquads,
                List.of(withSquads), List.of(), Map.of())));
        assertEquals(name, page.document.getElementsByTagName("h1").item(0).getTextContent());
        assertEquals(0, page.document.getElementsByTagName("script").getLength());
        assertEquals(0, page.document.getElementsByTagName("img").getLength());
        assertTrue(page.html.contains("&lt;img src=x onerror=1&gt;"));
        assertEquals(List.of("m-<1>"), page.members("kocCandidates"));
        assertFalse(page.html.contains("A <b>name") || page.html.contains("A &lt;b&gt;name"),
                "members are shown by id only: a kept report holds no name");
    }

    @Test
    void aProgramWithNoHistoryStillGetsAPage() {
        Snapshot empty = new Snapshot("default", DAY.toString(), 0, 0, 0, null, 0, 0, 0, 0, 0, 0,
                new Snapshot.Retention(DAY.minusDays(1).toString(), 0, 0, null),
                new Snapshot.Retention(DAY.minusDays(7).toString(), 0, 0, null),
                new Snapshot.Retention(DAY.minusDays(30).toString(), 0, 0, null), Map.of(), 0, 0, null, 0, null,
                Map.of(), 0, 0, 0, 0, 0, null, List.of(), List.of(), Map.of());
        ReportPage page = new ReportPage(RetentionReport.page(new RetentionReport.Figures(DefaultProgram.create(), empty,
                List.of(empty), List.of(), Map.of())));
        for (String chart : page.charts()) {
            assertEquals(Integer.parseInt(page.chart(chart).getAttribute("width")), page.draw(chart).getWidth());
        }
        assertTrue(page.html.contains("Nobody joined in these days."));
        assertEquals("", page.figure("d1"));
        assertEquals(List.of(), page.members("sevenDays"));
    }

    /** A day's snapshot with these headline rates (cohorts of 100) and fixed tiers and lists. */
    private static Snapshot snapshot(LocalDate date, double d1, double d7, Double d30) {
        Map<String, Long> tiers = new LinkedHashMap<>();
        DefaultProgram.create().tiers().forEach(t -> tiers.put(t.id(), 120L / (tiers.size() + 1)));
        return new Snapshot("default", date.toString(), 1000, 40, 10, 0.25, 200, 400, 600, 600, 700, 400,
                retention(date, 1, d1), retention(date, 7, d7), retention(date, 30, d30), Map.of(), 50, 10, 0.2, 0, null,
                tiers, 100, 0, 0, 0, 0, null, List.of(), List.of(),
                Map.of("sevenDays", List.of(new Snapshot.SilentMember("m-7", "2026-11-22"),
                        new Snapshot.SilentMember("m-9", "2026-11-21")), "fourteenDays", List.of(), "thirtyDays",
                        List.of()));
    }

    private static Snapshot.Retention retention(LocalDate date, int offset, Double rate) {
        return new Snapshot.Retention(date.minusDays(offset).toString(), rate == null ? 0 : 100,
                rate == null ? 0 : Math.round(rate * 100), rate == null ? null : Math.round(rate * 10_000) / 10_000.0);
    }
}
