// stockpilot-admin commands for data: demo data, CSV import and export.

#include "admincontext.h"

namespace sp::admin {

QList<AdminCommand> dataCommands()
{
    return {};
}

} // namespace sp::admin
