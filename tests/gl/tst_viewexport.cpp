// File › Export view (under Xvfb, on the digits sample in 2-D, coloured by digit): the SVG parses
// as XML and holds one circle per point shown, the words the map labels drew, the axis titles and
// the legend's title; the PDF is a PDF whose text (decoded through its fonts' ToUnicode maps)
// holds the same words; the PNG has exactly the size asked for, any size; the dialog remembers.
#include <QBuffer>
#include <QClipboard>
#include <QTableView>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QComboBox>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <map>

#include "AppSettings.h"
#include "GlTestMain.h"
#include "MainWindow.h"
#include "Samples.h"
#include "TestSupport.h"
#include "Workspace.h"
#include "dialogs/ImageExportDialog.h"
#include "export/ExportActions.h"
#include "export/ViewExporter.h"
#include "view/MapLabels.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {

/// The texts of a PDF as Qt writes them: Flate-compressed content streams whose text objects
/// (BT … ET) show glyph ids ("<0012> Tj"), mapped back to characters by each font's ToUnicode
/// CMap. Every text object is decoded with every CMap (the right one gives the words).
QStringList pdfTexts(const QByteArray& pdf) {
    QList<QByteArray> streams;
    for (qsizetype at = pdf.indexOf("stream"); at >= 0; at = pdf.indexOf("stream", at + 1)) {
        if (at >= 3 && pdf.mid(at - 3, 3) == "end") continue;
        qsizetype start = at + 6;
        if (pdf[start] == '\r') ++start;
        if (pdf[start] == '\n') ++start;
        const qsizetype end = pdf.indexOf("endstream", start);
        if (end < 0) break;
        const QByteArray raw = pdf.mid(start, end - start);
        if (!pdf.mid(std::max<qsizetype>(0, at - 300), 300).contains("/FlateDecode")) {
            streams << raw;
            at = end;
            continue;
        }
        QByteArray sized(4, '\0');
        sized[1] = char(0x10);  // qUncompress's first guess of the size (1 MiB); it grows as needed
        const QByteArray inflated = qUncompress(sized + raw);
        streams << (inflated.isEmpty() ? raw : inflated);
        at = end;
    }
    std::vector<std::map<uint, QString>> cmaps;
    const QRegularExpression hex(QStringLiteral("<([0-9A-Fa-f]+)>"));
    for (const QByteArray& s : streams) {
        if (!s.contains("begincmap")) continue;
        std::map<uint, QString> map;
        const QString text = QString::fromLatin1(s);
        auto unicode = [](const QString& h) {
            QString out;
            for (int i = 0; i + 4 <= h.size(); i += 4) out += QChar(char16_t(h.mid(i, 4).toUInt(nullptr, 16)));
            return out;
        };
        for (const QString& block : text.split(QStringLiteral("beginbfchar")).mid(1)) {
            const QString body = block.section(QStringLiteral("endbfchar"), 0, 0);
            QStringList tokens;
            for (auto m = hex.globalMatch(body); m.hasNext();) tokens << m.next().captured(1);
            for (int i = 0; i + 1 < tokens.size(); i += 2) map[tokens[i].toUInt(nullptr, 16)] = unicode(tokens[i + 1]);
        }
        for (const QString& block : text.split(QStringLiteral("beginbfrange")).mid(1)) {
            const QString body = block.section(QStringLiteral("endbfrange"), 0, 0);
            for (const QString& line : body.split(QLatin1Char('\n'))) {
                QStringList tokens;
                for (auto m = hex.globalMatch(line); m.hasNext();) tokens << m.next().captured(1);
                if (tokens.size() < 3) continue;
                const uint lo = tokens[0].toUInt(nullptr, 16), hi = tokens[1].toUInt(nullptr, 16);
                if (line.contains(QLatin1Char('['))) {
                    for (uint g = lo; g <= hi && int(g - lo) + 2 < tokens.size(); ++g) map[g] = unicode(tokens[int(g - lo) + 2]);
                } else {
                    const QString first = unicode(tokens[2]);
                    for (uint g = lo; g <= hi && !first.isEmpty(); ++g) {
                        QString c = first;
                        c[c.size() - 1] = QChar(char16_t(first.back().unicode() + (g - lo)));
                        map[g] = c;
                    }
                }
            }
        }
        cmaps.push_back(std::move(map));
    }
    QStringList texts;
    for (const QByteArray& s : streams) {
        for (qsizetype bt = s.indexOf("BT"); bt >= 0; bt = s.indexOf("BT", bt + 2)) {
            const qsizetype et = s.indexOf("ET", bt);
            if (et < 0) break;
            QList<uint> glyphs;
            for (auto m = hex.globalMatch(QString::fromLatin1(s.mid(bt, et - bt))); m.hasNext();) {
                const QString h = m.next().captured(1);
                for (int i = 0; i + 4 <= h.size(); i += 4) glyphs << h.mid(i, 4).toUInt(nullptr, 16);
            }
            for (const auto& map : cmaps) {
                QString text;
                for (uint g : glyphs) text += map.count(g) ? map.at(g) : QStringLiteral("\uFFFD");
                texts << text;
            }
            bt = et;
        }
    }
    return texts;
}

}  // namespace

class TestViewExport : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> w;
    QTemporaryDir dir;

    ViewExporter* exporter() { return w->exports()->viewExporter(); }

    /// Exports and waits; the path's extension picks the format.
    QByteArray exportTo(const QString& name, QSize size) {
        QSignalSpy saved(exporter(), &ViewExporter::saved), failed(exporter(), &ViewExporter::failed);
        const QString path = dir.filePath(name);
        exporter()->exportView(path, size, QStringLiteral("digits.tsv"));
        if (!saved.wait(30000) && !failed.isEmpty()) qWarning() << "export failed:" << failed.first().first().toString();
        return testsupport::readFile(path.toStdString());
    }

    /// The words the view's map labels drew in the last paint (the export repaints them).
    QStringList drawnWords() {
        QStringList words;
        const auto data = w->workspace()->dataset();
        for (const auto& d : w->view()->overlay().labels().lastDrawn())
            words << QString::fromStdString(data->embedding.label(d.row));
        return words;
    }

private slots:
    void initTestCase() {
        if (qEnvironmentVariableIsSet("EMBEDSCOPE_KEEP_EXPORTS")) {  // to look at the files
            dir.setAutoRemove(false);
            qInfo() << "exports kept in" << dir.path();
        }
        w = std::make_unique<MainWindow>();
        w->resize(1100, 760);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QSignalSpy changed(w->workspace(), &Workspace::datasetChanged);
        w->openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        QSignalSpy projected(w->workspace(), &Workspace::projectionChanged);
        ProjectionSpec spec = w->workspace()->projectionSpec();
        spec.dims = 2;
        w->workspace()->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
        const auto digit = w->workspace()->dataset()->metadata.findColumn("digit");
        QVERIFY(digit);
        w->workspace()->setColourColumn(int(*digit));
        w->workspace()->select(5);
        w->view()->grabFramebuffer();
    }
    void cleanupTestCase() { w.reset(); }

    void svgHasEveryPointLabelsAxesAndLegend() {
        const QByteArray svg = exportTo(QStringLiteral("view.svg"), QSize(2200, 1520));
        const QStringList words = drawnWords();
        QVERIFY2(words.size() >= 10, qPrintable(words.join(' ')));
        std::vector<ScatterScene::ScreenPoint> shown;
        w->view()->scene().screenPoints(w->view()->size(), shown);
        QVERIFY(shown.size() > 1000);

        QXmlStreamReader xml(svg);
        int circles = 0, depth = 0, pointsDepth = -1;
        QStringList texts;
        QString width;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                ++depth;
                if (xml.name() == QLatin1String("svg")) width = xml.attributes().value(QStringLiteral("width")).toString();
                if (xml.name() == QLatin1String("g") && xml.attributes().value(QStringLiteral("id")) == QLatin1String("points"))
                    pointsDepth = depth;
                if (xml.name() == QLatin1String("circle") && pointsDepth > 0) ++circles;
                if (xml.name() == QLatin1String("text")) texts << xml.readElementText();
                if (xml.isEndElement()) --depth;  // readElementText consumed the end
            } else if (xml.isEndElement()) {
                if (depth == pointsDepth) pointsDepth = -1;
                --depth;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(width, QStringLiteral("2200"));
        QCOMPARE(circles, int(shown.size()));
        for (const QString& word : words) QVERIFY2(texts.contains(word), qPrintable(word));
        const Legend& legend = w->view()->scene().legend();
        QVERIFY(!legend.title.isEmpty());
        QVERIFY2(texts.contains(legend.title), qPrintable(texts.join('|')));
        for (const QString& category : legend.categories) QVERIFY(texts.contains(category));
        QVERIFY(texts.contains(w->view()->scene().axisTitle(0)));
    }

    void pdfHasTheLabelsText() {
        const QByteArray pdf = exportTo(QStringLiteral("view.pdf"), QSize(1100, 760));
        QVERIFY(pdf.startsWith("%PDF-"));
        const QStringList texts = pdfTexts(pdf);
        const QStringList words = drawnWords();
        QVERIFY(!words.isEmpty());
        // Where the font has no bold face, Qt draws a bold word twice, a little apart (synthetic
        // bold), in one text run: seen on a machine whose fontconfig matched a font without one.
        auto has = [&](const QString& word) {
            return texts.contains(word) || texts.contains(word + word);
        };
        for (const QString& word : words) QVERIFY2(has(word), qPrintable(word + " not in " + texts.mid(0, 40).join('|')));
        QVERIFY(has(w->view()->scene().legend().title));
    }

    void pngAtAnySize() {
        for (const QSize size : {QSize(333, 230), QSize(1700, 1174)}) {
            const QImage image = QImage::fromData(exportTo(QStringLiteral("view.png"), size), "PNG");
            QCOMPARE(image.size(), size);
            int coloured = 0;  // points: pixels far from white and grey
            for (int y = 0; y < size.height(); y += 3)
                for (int x = 0; x < size.width(); x += 3) {
                    const QColor c = image.pixelColor(x, y);
                    if (c.saturation() > 80) ++coloured;
                }
            QVERIFY2(coloured > 20, qPrintable(QString::number(coloured)));
        }
        // A size no export can hold is refused with a message, before anything is written.
        QSignalSpy failed(exporter(), &ViewExporter::failed);
        exporter()->exportView(dir.filePath(QStringLiteral("huge.png")), QSize(100000, 10), {});
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("1 to 16384 pixels")));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("huge.png"))));
        // The user is told, without blocking the window.
        auto* box = w->findChild<QMessageBox*>(QStringLiteral("exportError"));
        QVERIFY(box);
        QCOMPARE(box->informativeText(), failed.first().first().toString());
        box->close();
    }

    void dialogKeepsProportionsAndRemembers() {
        AppSettings settings;
        {
            ImageExportDialog dialog(QSize(1000, 500), &settings);
            auto* width = dialog.findChild<QSpinBox*>(QStringLiteral("width"));
            auto* height = dialog.findChild<QSpinBox*>(QStringLiteral("height"));
            width->setValue(3000);
            QCOMPARE(height->value(), 1500);
            height->setValue(200);
            QCOMPARE(width->value(), 400);
            auto* format = dialog.findChild<QComboBox*>(QStringLiteral("format"));
            format->setCurrentIndex(format->findData(QStringLiteral("svg")));
            dialog.remember();
        }
        ImageExportDialog again(QSize(1000, 500), &settings);
        QCOMPARE(again.imageSize(), QSize(400, 200));
        QCOMPARE(again.format(), QStringLiteral("svg"));
    }

    void tablesCarryHeaderAndParameters() {
        QString error;
        const QString neighbours = dir.filePath(QStringLiteral("neighbours.csv"));
        QVERIFY2(w->exports()->exportNeighbours(neighbours, &error), qPrintable(error));
        const QList<QByteArray> lines = testsupport::readFile(neighbours.toStdString()).split('\n');
        QCOMPARE(lines[0], QByteArray("rank,word,distance,similarity,metric,space,query,row"));
        const int k = w->workspace()->neighbourSettings().k;
        QCOMPARE(lines.size(), k + 2);
        const auto& first = w->workspace()->neighbours().front();
        const QByteArray firstWord = QByteArray::fromStdString(w->workspace()->dataset()->embedding.label(first.row));
        QVERIFY2(lines[1].startsWith("1," + firstWord + ","), lines[1].constData());
        // distance, similarity, metric, space, the query's label, the neighbour's row (1-based)
        const QList<QByteArray> cells = lines[1].split(',');
        QCOMPARE(cells[2].toFloat(), first.distance);
        const QByteArray metric(metricName(w->workspace()->neighbourSettings().metric).data());
        if (metric == "cosine") QCOMPARE(cells[3].toFloat(), 1.0f - first.distance);
        QCOMPARE(cells.mid(4), (QList<QByteArray>{metric, "raw", "5#0005", QByteArray::number(qulonglong(first.row + 1))}));

        // Ctrl+C on the Inspector's list copies the same table, as TSV, header first.
        auto* list = w->findChild<QTableView*>(QStringLiteral("neighbourTable"));
        QVERIFY(list);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        list->setFocus();
        QTest::keySequence(list, QKeySequence::Copy);
        const QStringList copied = QApplication::clipboard()->text().split(QLatin1Char('\n'));
        QCOMPARE(copied[0], QStringLiteral("rank\tword\tdistance\tsimilarity\tmetric\tspace\tquery\trow"));
        QCOMPARE(copied[1], QString::fromUtf8(lines[1]).replace(QLatin1Char(','), QLatin1Char('\t')));

        const QString coords = dir.filePath(QStringLiteral("coords.tsv"));
        QVERIFY2(w->exports()->exportCoordinates(coords, true, &error), qPrintable(error));
        const QList<QByteArray> rows = testsupport::readFile(coords.toStdString()).split('\n');
        QVERIFY2(rows[0].startsWith("label\tx\ty\t"), rows[0].constData());
        QCOMPARE(rows[0].count('\t'), 2 + int(w->workspace()->dataset()->metadata.columnCount()));
        QCOMPARE(rows.size(), 1797 + 2);
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestViewExport)
#include "tst_viewexport.moc"
