#include "staffroles.h"

#include <QAbstractButton>
#include <QAction>

namespace sp::views {

StaffRole staffRole(const QString& role)
{
    if (role == QLatin1String("admin"))
        return StaffRole::Admin;
    if (role == QLatin1String("manager"))
        return StaffRole::Manager;
    return StaffRole::Clerk;
}

namespace {

template<typename Widget>
void offer(Widget* w, const QString& role, StaffRole needed, bool enabled, const QString& whoMay,
           const QString& tip)
{
    // A role not known (a page made without a session) is offered everything: the database
    // decides and its refusal is shown in words.
    const bool may = role.isEmpty() || staffRole(role) >= needed;
    w->setEnabled(enabled && may);
    w->setToolTip(may ? tip : whoMay);
}

} // namespace

void offerTo(QAction* action, const QString& role, StaffRole needed, bool enabled,
             const QString& whoMay, const QString& tip)
{
    offer(action, role, needed, enabled, whoMay, tip);
}

void offerTo(QAbstractButton* button, const QString& role, StaffRole needed, bool enabled,
             const QString& whoMay, const QString& tip)
{
    offer(button, role, needed, enabled, whoMay, tip);
}

} // namespace sp::views
