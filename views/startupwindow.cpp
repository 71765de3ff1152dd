#include "startupwindow.h"

#include <QIcon>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace sp::views {

StartupWindow::StartupWindow(QWidget* parent)
    : QWidget(parent, Qt::Window | Qt::WindowTitleHint | Qt::CustomizeWindowHint)
{
    setWindowTitle(tr("Starting StockPilot"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/stockpilot.svg")));
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/stockpilot.svg")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignCenter);
    auto* title = new QLabel(tr("<h2>StockPilot</h2>"), this);
    title->setAlignment(Qt::AlignCenter);
    m_step = new QLabel(this);
    m_step->setObjectName(QStringLiteral("step"));
    m_step->setAlignment(Qt::AlignCenter);
    m_step->setWordWrap(true);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 0);
    m_bar->setTextVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->addWidget(icon);
    layout->addWidget(title);
    layout->addWidget(m_step);
    layout->addWidget(m_bar);
    setFixedWidth(420);
}

void StartupWindow::setStep(const QString& text)
{
    m_step->setText(text);
    m_bar->setRange(0, 0);
}

void StartupWindow::setProgress(int done, int total)
{
    if (total <= 0) {
        m_bar->setRange(0, 0);
        return;
    }
    m_bar->setRange(0, total);
    m_bar->setValue(done);
}

QString StartupWindow::step() const
{
    return m_step->text();
}

} // namespace sp::views
