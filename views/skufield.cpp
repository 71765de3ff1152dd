#include "skufield.h"

#include "catalog/gtin.h"
#include "db/whendone.h"
#include "errortext.h"
#include "inventory/stockcatalog.h"

#include <QKeyEvent>
#include <QLabel>

namespace sp::views {

SkuField::SkuField(sp::db::Database* database, QWidget* parent)
    : QLineEdit(parent)
    , m_database(database)
    , m_message(new QLabel(this))
{
    m_message->setObjectName(QStringLiteral("skuMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    setToolTip(tr("Type a SKU, or scan the product's barcode."));
    connect(this, &QLineEdit::textEdited, this, [this] {
        // New input: an answer for the old text must not overwrite it.
        ++m_generation;
        m_lookingUp = false;
        m_message->hide();
    });
}

QString SkuField::message() const
{
    // Hidden or not, not visible: the field's page may be in the background.
    return m_message->isHidden() ? QString() : m_message->text();
}

bool SkuField::needsLookup() const
{
    const QString text = this->text().trimmed();
    return m_database && text != m_settled && sp::catalog::isValidGtin(text);
}

bool SkuField::isUnknownBarcode() const
{
    return m_unknown && text().trimmed() == m_settled;
}

void SkuField::lookUp()
{
    if (!needsLookup() || m_lookingUp)
        return;
    const QString gtin = text().trimmed();
    const quint64 generation = ++m_generation;
    m_lookingUp = true;
    showMessage(tr("Looking up barcode %1…").arg(gtin), false);
    emit lookupStarted();
    sp::db::whenDone(
        this, sp::inventory::skuForGtin(*m_database, gtin),
        [this, gtin, generation](const QString& sku) {
            if (generation != m_generation)
                return;
            m_lookingUp = false;
            m_unknown = sku.isEmpty();
            if (sku.isEmpty()) {
                m_settled = gtin;
                showMessage(tr("No product has the barcode %1.").arg(gtin), true);
                emit notResolved();
                return;
            }
            m_settled = sku;
            setText(sku);
            if (sku == gtin)
                m_message->hide(); // a SKU made of digits, no barcode
            else
                showMessage(tr("Barcode %1 is %2.").arg(gtin, sku), false);
            emit resolved(sku);
        },
        [this, gtin, generation](const sp::db::DbError& e) {
            if (generation != m_generation)
                return;
            m_lookingUp = false;
            showMessage(tr("Barcode %1 could not be looked up: %2").arg(gtin, errorText(e)), true);
            emit notResolved();
        });
}

void SkuField::keyPressEvent(QKeyEvent* event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    // A scan's Enter belongs to the scan: it must not press the dialog's default button with
    // the digits still in the field, nor run a search for them.
    if (enter && (m_lookingUp || needsLookup())) {
        event->accept();
        lookUp();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

void SkuField::showMessage(const QString& text, bool problem)
{
    // Not placed by the owner: a label inside the line edit would cover the text.
    if (m_message->parentWidget() == this)
        return;
    m_message->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
    m_message->setText(text);
    m_message->show();
}

} // namespace sp::views
