#include "requestsmenu.h"

#include "mainwindow.h"
#include "staff/session.h"

#include <QMenu>
#include <QStatusBar>

namespace sp::views {

RequestsMenu::RequestsMenu(MainWindow* window, sp::staff::Session* session)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    // The program's one language model (Settings > Language Model), unconfigured when none.
    , m_filer(new sp::staffrequests::RequestFiler(session->database(), session->llm(), this))
    , m_menu(window->addMenuBeforeHelp(tr("Re&quests")))
{
    m_menu->setObjectName(QStringLiteral("menuRequests"));
    struct Entry
    {
        const char* name;
        QString title;
        RequestDialog::Kind kind;
        QKeySequence shortcut;
    };
    const QList<Entry> entries{
        {"actionRequestText", tr("&Free-Text Request…"), RequestDialog::Kind::Text,
         QKeySequence(tr("Ctrl+Shift+Q"))},
        {"actionRequestTransfer", tr("&Transfer…"), RequestDialog::Kind::Transfer, {}},
        {"actionRequestAdjustment", tr("&Adjustment…"), RequestDialog::Kind::Adjustment, {}},
        {"actionRequestRestock", tr("&Restock…"), RequestDialog::Kind::Restock, {}},
        {"actionRequestPromotion", tr("&Promotion…"), RequestDialog::Kind::Promotion, {}},
    };
    for (const Entry& e : entries) {
        QAction* action = m_menu->addAction(e.title, this, [this, kind = e.kind] { open(kind); });
        action->setObjectName(QString::fromLatin1(e.name));
        if (!e.shortcut.isEmpty())
            action->setShortcut(e.shortcut);
        if (e.kind == RequestDialog::Kind::Text)
            m_menu->addSeparator();
    }
}

RequestsMenu::~RequestsMenu() = default;

RequestDialog* RequestsMenu::open(RequestDialog::Kind kind)
{
    if (m_dialog)
        m_dialog->close();
    auto* dialog = new RequestDialog(kind, m_filer, m_session->database(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &RequestDialog::filed, this, [this](const sp::staffrequests::FiledRequest& f) {
        QStringList ids;
        for (qint64 id : f.suggestionIds)
            ids.append(QString::number(id));
        m_window->statusBar()->showMessage(
            tr("Request filed for approval as suggestion %1.").arg(ids.join(QStringLiteral(", "))),
            10'000);
        m_window->showPage(QStringLiteral("inbox"));
        emit filed(f);
    });
    m_dialog = dialog;
    dialog->show();
    return dialog;
}

} // namespace sp::views
