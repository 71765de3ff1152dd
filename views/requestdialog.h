#pragma once

#include "staffrequests/requestfiler.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStringListModel;

namespace sp::db {
class Database;
}

namespace sp::views {

class SkuField;

// A staff request: a free-text box or a form (Transfer, Adjustment, Restock, Promotion). The
// person checks the input, presses Preview and sees the optimized proposal with its reason
// (and that it is an alternative when the request cannot be met as asked) and whether the
// language model or the rule-based parser read the text; "File request" then files it as a
// suggestion for the Inbox. All work runs off the GUI thread; the dialog stays usable.
class RequestDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Text, Transfer, Adjustment, Restock, Promotion };

    RequestDialog(Kind kind, sp::staffrequests::RequestFiler* filer, sp::db::Database* database,
                  QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }
    bool isBusy() const { return m_busy; }
    bool isReady() const { return m_catalogueLoaded; } // locations and categories are in
    QPushButton* previewButton() const { return m_previewButton; }
    QPushButton* fileButton() const;
    QLineEdit* textEdit() const { return m_text; }
    SkuField* skuEdit() const { return m_sku; }
    QStringListModel* skuCompletions() const { return m_skuCompletions; }
    QString errorMessage() const;
    QString readerText() const;
    QString choiceText() const;
    QString reasonText() const;
    // The preview on screen, if any (cleared when the input changes).
    const std::optional<sp::staffrequests::RequestPreview>& preview() const { return m_preview; }

    void setSku(const QString& sku);
    void setLocation(const QString& code); // transfer: destination
    void setQuantity(int quantity);

    void accept() override; // files the previewed request

signals:
    void catalogueLoaded();
    void previewShown();
    void filed(const sp::staffrequests::FiledRequest& filed);

private:
    void loadCatalogue();
    void completeSku(const QString& prefix);
    QString validate() const;
    sp::staffrequests::StaffRequest formRequest() const;
    void requestPreview();
    void showPreview(const sp::staffrequests::RequestPreview& preview);
    void invalidate();
    void showError(const QString& message);
    void setBusy(bool busy);

    Kind m_kind;
    sp::staffrequests::RequestFiler* m_filer;
    sp::db::Database* m_database;
    QLineEdit* m_text = nullptr;
    SkuField* m_sku = nullptr;
    QStringListModel* m_skuCompletions = nullptr;
    quint64 m_completionGeneration = 0;
    QComboBox* m_location = nullptr; // transfer: destination
    QComboBox* m_from = nullptr;     // transfer: source, or "best source"
    QSpinBox* m_quantity = nullptr;
    QComboBox* m_reason = nullptr;
    QComboBox* m_category = nullptr;
    QSpinBox* m_discount = nullptr;
    QPushButton* m_previewButton = nullptr;
    QLabel* m_reader = nullptr;
    QLabel* m_choice = nullptr;
    QLabel* m_reasonLabel = nullptr;
    QLabel* m_alternative = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    std::optional<sp::staffrequests::RequestPreview> m_preview;
    quint64 m_previewGeneration = 0;
    bool m_busy = false;
    bool m_catalogueLoaded = false;
    QString m_wantedLocation;
};

} // namespace sp::views
