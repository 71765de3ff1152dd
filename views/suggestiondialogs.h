#pragma once

#include "approvals/suggestions.h"

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace sp::views {

// Modify: edits what the suggestion's kind allows (quantity; the source of a transfer; the
// discount and effective date of a markdown) next to the original figures. changes() holds
// only what differs from the original, as suggestion_modify() expects; OK stays disabled until
// something changed.
class ModifyDialog final : public QDialog
{
    Q_OBJECT

public:
    // locations: codes offered as a transfer's source (the current source is always offered).
    ModifyDialog(const sp::approvals::Suggestion& suggestion, const QStringList& locations,
                 QWidget* parent = nullptr);

    QJsonObject changes() const;
    QString note() const;
    qint64 suggestionId() const { return m_id; }

    QSpinBox* quantityEdit() const { return m_quantity; }
    QComboBox* sourceEdit() const { return m_source; }
    QSpinBox* discountEdit() const { return m_discount; }
    QDateEdit* effectiveEdit() const { return m_effective; }
    // A purchase's quantity of one line (0 leaves it out), by SKU; nullptr for other kinds.
    QSpinBox* lineEdit(const QString& sku) const;
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void updateOk();

    qint64 m_id = 0;
    int m_originalQuantity = 0;
    QString m_originalSource;
    int m_originalDiscount = 0;
    QString m_originalEffective;
    QSpinBox* m_quantity = nullptr;
    QComboBox* m_source = nullptr;
    QSpinBox* m_discount = nullptr;
    QDateEdit* m_effective = nullptr;
    struct Line
    {
        QString sku;
        int proposed = 0;
        QSpinBox* edit = nullptr;
    };
    QList<Line> m_lines; // a purchase's
    QLineEdit* m_note = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

// Reject: a reason is required (the database refuses an empty one as well); OK is enabled only
// once the reason has some text.
class RejectDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit RejectDialog(const QList<sp::approvals::Suggestion>& suggestions,
                          QWidget* parent = nullptr);

    QString reason() const;
    QPlainTextEdit* reasonEdit() const { return m_reason; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    QPlainTextEdit* m_reason = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace sp::views
