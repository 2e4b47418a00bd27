package dev.hearth.retention;

import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A retention report read back as a test sees it: parsed as the XML it is, its figures read from
 * what is drawn ({@code data-} attributes), and each chart drawn to an image by Apache Batik.
 */
final class ReportPage {

    static final String SVG = "http://www.w3.org/2000/svg";

    final String html;
    final Document document;

    ReportPage(String html) {
        this.html = html;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            this.document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
        } catch (Exception e) {
            throw new AssertionError("the report is not well-formed XHTML: " + e.getMessage(), e);
        }
    }

    /** Every element (HTML or SVG) with the attribute, in document order. */
    List<Element> withAttribute(String attribute) {
        List<Element> found = new ArrayList<>();
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute(attribute)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The points of a series drawn on a chart: x label -> rate. */
    Map<String, Double> points(String chart, String series) {
        Map<String, Double> points = new LinkedHashMap<>();
        for (Element dot : elements(chart(chart).getElementsByTagNameNS(SVG, "circle"))) {
            if (dot.getAttribute("data-series").equals(series)) {
                points.put(dot.getAttribute("data-x"), Double.valueOf(dot.getAttribute("data-rate")));
            }
        }
        return points;
    }

    /** A headline figure's value as written ("" where it has none). */
    String figure(String name) {
        return withAttribute("data-figure").stream().filter(e -> e.getAttribute("data-figure").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + name)).getAttribute("data-value");
    }

    /** The rows' member ids of a list. */
    List<String> members(String list) {
        Element table = withAttribute("data-list").stream().filter(e -> e.getAttribute("data-list").equals(list))
                .findFirst().orElse(null);
        if (table == null) {
            return List.of();
        }
        return elements(table.getElementsByTagName("tr")).stream().filter(tr -> tr.hasAttribute("data-member"))
                .map(tr -> tr.getAttribute("data-member")).toList();
    }

    Element chart(String name) {
        return elements(document.getElementsByTagNameNS(SVG, "svg")).stream()
                .filter(svg -> svg.getAttribute("data-chart").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + name));
    }

    List<String> charts() {
        return elements(document.getElementsByTagNameNS(SVG, "svg")).stream().map(svg -> svg.getAttribute("data-chart"))
                .toList();
    }

    /** The chart drawn by Batik, at its own size. */
    BufferedImage draw(String name) {
        try {
            StringWriter svg = new StringWriter();
            var out = TransformerFactory.newInstance().newTransformer();
            out.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            out.transform(new DOMSource(chart(name)), new StreamResult(svg));
            BufferedImage[] drawn = new BufferedImage[1];
            ImageTranscoder transcoder = new ImageTranscoder() {
                @Override
                public BufferedImage createImage(int width, int height) {
                    return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
                }

                @Override
                public void writeImage(BufferedImage image, TranscoderOutput output) {
                    drawn[0] = image;
                }
            };
            TranscoderInput input = new TranscoderInput(new StringReader(svg.toString()));
            input.setURI("file:///report/" + name + ".svg");
            transcoder.transcode(input, null);
            return drawn[0];
        } catch (Exception e) {
            throw new AssertionError("chart " + name + " does not draw: " + e.getMessage(), e);
        }
    }

    /** The colour drawn at a point, as #rrggbb. */
    static String colourAt(BufferedImage image, double x, double y) {
        return String.format("#%06x", image.getRGB((int) Math.round(x), (int) Math.round(y)) & 0xffffff);
    }

    static List<Element> elements(NodeList list) {
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            elements.add((Element) list.item(i));
        }
        return elements;
    }
}
