#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace sp::views {

// The small window shown while the embedded database starts, migrates and loads demo data:
// it says which step is running and how far a long one is.
class StartupWindow final : public QWidget
{
    Q_OBJECT

public:
    explicit StartupWindow(QWidget* parent = nullptr);

    void setStep(const QString& text);
    // total 0: busy without a known end.
    void setProgress(int done, int total);
    QString step() const;

private:
    QLabel* m_step = nullptr;
    QProgressBar* m_bar = nullptr;
};

} // namespace sp::views
