#pragma once

#include <QString>

class QAction;
class QAbstractButton;

namespace sp::views {

// The staff roles in the order of their rights: a manager may do all a clerk may, an admin all
// a manager may (resources/sql/001_roles.sql). An unknown role counts as a clerk's.
enum class StaffRole { Clerk = 0, Manager = 1, Admin = 2 };
StaffRole staffRole(const QString& role);

// Offers an action only to the roles that may take it: for a lower role it is disabled and its
// tooltip says who may (the database still decides and words its own refusal); an empty role is
// offered everything. enabled is the state the action has otherwise; tip its tooltip then.
void offerTo(QAction* action, const QString& role, StaffRole needed, bool enabled,
             const QString& whoMay, const QString& tip = {});
void offerTo(QAbstractButton* button, const QString& role, StaffRole needed, bool enabled,
             const QString& whoMay, const QString& tip = {});

} // namespace sp::views
