#pragma once

#include <QLineEdit>

class QLabel;

namespace sp::db {
class Database;
}

namespace sp::views {

// Every field that asks for a SKU: it takes a typed SKU as well as a scan. A keyboard-wedge
// scanner types a barcode's digits fast and ends with Enter; when the text is then a valid GTIN
// (catalog/gtin.h), Enter looks it up off the GUI thread instead of reaching the dialog, and the
// field shows the product's SKU. An unknown GTIN is said in messageLabel(), which the owner
// places next to the field (until then it is the field's hidden child). Typing again drops an
// answer still on its way. Without a database the field is a plain line edit.
class SkuField final : public QLineEdit
{
    Q_OBJECT

public:
    explicit SkuField(sp::db::Database* database, QWidget* parent = nullptr);

    // What the last scan came to ("4006381333931 is SKU000001", "No product has …"); hidden
    // while there is nothing to say.
    QLabel* messageLabel() const { return m_message; }
    QString message() const;

    // The text is a GTIN that has not been looked up yet: the SKU is not known.
    bool needsLookup() const;
    bool isLookingUp() const { return m_lookingUp; }
    // The text is a GTIN that no product has (the message says so).
    bool isUnknownBarcode() const;

public slots:
    // What Enter does with a GTIN: looks it up (nothing when the text is no GTIN).
    void lookUp();

signals:
    void lookupStarted();
    // The field shows the SKU of the scanned GTIN now (or the text was itself a SKU).
    void resolved(const QString& sku);
    // No product has the GTIN, or the lookup failed; message() says which.
    void notResolved();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void showMessage(const QString& text, bool problem);

    sp::db::Database* m_database;
    QLabel* m_message;
    QString m_settled; // the text a lookup last settled: no GTIN to look up any more
    quint64 m_generation = 0;
    bool m_lookingUp = false;
    bool m_unknown = false; // m_settled is a GTIN no product has
};

} // namespace sp::views
