// File › Open with options…: "first N rows" and "top N rows by COLUMN" reach LoadOptions, only one
// of them at a time, and both are remembered for the next time the dialog opens.
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

#include "AppSettings.h"
#include "dialogs/OpenOptionsDialog.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestOpenOptions : public QObject {
    Q_OBJECT

    static QSpinBox* spin(OpenOptionsDialog& d, const QString& tipStart) {
        for (auto* s : d.findChildren<QSpinBox*>())
            if (s->toolTip().startsWith(tipStart)) return s;
        return nullptr;
    }
    static QLineEdit* byColumn(OpenOptionsDialog& d) {
        for (auto* e : d.findChildren<QLineEdit*>())
            if (e->toolTip().contains(QStringLiteral("top N rows are chosen by"))) return e;
        return nullptr;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        AppSettings settings;
        for (const char* key : {"open/maxRows", "open/topRows", "open/topBy"})
            settings.setValue(QString::fromLatin1(key), QVariant());
    }

    void topRowsReachTheOptionsAndPersist() {
        AppSettings settings;
        {
            OpenOptionsDialog d(QString(), nullptr, &settings);
            QSpinBox* first = spin(d, QStringLiteral("Read only the first N rows"));
            QSpinBox* top = spin(d, QStringLiteral("Keep only the N rows"));
            QLineEdit* by = byColumn(d);
            QVERIFY(first && top && by);
            QCOMPARE(d.options().topRows, std::size_t(0));
            QVERIFY(!by->isEnabled());
            top->setValue(5000);
            by->setText(QStringLiteral(" count "));
            // One limit at a time: the first-N box is off while a top N is set.
            QVERIFY(!first->isEnabled());
            const LoadOptions o = d.options();
            QCOMPARE(o.topRows, std::size_t(5000));
            QCOMPARE(o.topByColumn, std::string("count"));
            QCOMPARE(o.maxRows, std::size_t(0));
            d.accept();
        }
        OpenOptionsDialog again(QString(), nullptr, &settings);
        QCOMPARE(again.options().topRows, std::size_t(5000));
        QCOMPARE(again.options().topByColumn, std::string("count"));
        QSpinBox* top = spin(again, QStringLiteral("Keep only the N rows"));
        top->setValue(0);
        QSpinBox* first = spin(again, QStringLiteral("Read only the first N rows"));
        QVERIFY(first->isEnabled());
        first->setValue(1234);
        QVERIFY(!top->isEnabled());
        QCOMPARE(again.options().maxRows, std::size_t(1234));
        QCOMPARE(again.options().topRows, std::size_t(0));
        QCOMPARE(again.options().topByColumn, std::string());
    }
};

QTEST_MAIN(TestOpenOptions)
#include "tst_openoptions.moc"
