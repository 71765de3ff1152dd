#pragma once

#include <QDialog>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace sp::views {

// A dialog for a staff action that must be recorded with a reason: a sentence saying what
// will happen, optional fields, and the reason. OK with an empty reason is refused in the
// dialog (it stays open and says why), so nothing is sent to the database without one.
class ReasonDialog final : public QDialog
{
    Q_OBJECT

public:
    ReasonDialog(const QString& title, const QString& text, QWidget* parent = nullptr);

    // Adds a labelled field above the reason.
    void addField(const QString& label, QWidget* field);
    QString reason() const;

    void accept() override;

private:
    QFormLayout* m_form;
    QLineEdit* m_reason;
    QLabel* m_error;
};

} // namespace sp::views
