// stockpilot-admin commands for the database itself: migrations, the embedded cluster, users.

#include "admincontext.h"
#include "db/migrator.h"

#include <QFile>

#include <termios.h>
#include <unistd.h>

namespace sp::admin {

namespace {

// Reads a password: from standard input when it is not a terminal, else from a prompt with the
// echo turned off.
QString readPassword(QTextStream& err)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    if (!::isatty(STDIN_FILENO))
        return QString::fromUtf8(in.readLine()).trimmed();
    err << "Password: " << Qt::flush;
    termios saved;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios silent = saved;
    silent.c_lflag &= ~tcflag_t(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    const QString password = QString::fromUtf8(in.readLine()).trimmed();
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << Qt::endl;
    return password;
}

int migrate(AdminContext& ctx)
{
    sp::db::Connection& c = ctx.connection(false);
    const QStringList applied = sp::db::Migrator().migrate(c);
    if (applied.isEmpty())
        ctx.out() << "The schema is up to date." << Qt::endl;
    for (const QString& name : applied)
        ctx.out() << "applied " << name << Qt::endl;
    return 0;
}

int clusterStart(AdminContext& ctx)
{
    sp::db::EmbeddedCluster* cluster = ctx.cluster();
    if (!cluster) {
        ctx.err() << "A database server is configured; there is no embedded cluster to start."
                  << Qt::endl;
        return 2;
    }
    const bool started = cluster->ensureRunning();
    ctx.out() << (started ? "started" : "already running") << " socket=" << cluster->socketDir()
              << " port=" << sp::db::EmbeddedCluster::Port << Qt::endl;
    return 0;
}

int clusterStop(AdminContext& ctx)
{
    sp::db::EmbeddedCluster* cluster = ctx.cluster();
    if (!cluster)
        return 2;
    cluster->stop();
    ctx.out() << "stopped" << Qt::endl;
    return 0;
}

int clusterStatus(AdminContext& ctx)
{
    sp::db::EmbeddedCluster* cluster = ctx.cluster();
    if (!cluster) {
        ctx.out() << "server: " << ctx.location().describe() << Qt::endl;
        return 0;
    }
    const bool running = cluster->isRunning();
    ctx.out() << (running ? "running" : "stopped") << " cluster=" << cluster->clusterDir()
              << " socket=" << cluster->socketDir() << Qt::endl;
    return running ? 0 : 3;
}

int userAdd(AdminContext& ctx)
{
    const QStringList& args = ctx.arguments();
    if (args.isEmpty() || args.first().startsWith(QLatin1Char('-'))) {
        ctx.err() << "usage: stockpilot-admin user add NAME --role clerk|manager|admin" << Qt::endl;
        return 2;
    }
    const QString role = ctx.option(QStringLiteral("--role"));
    if (role.isEmpty()) {
        ctx.err() << "user add needs --role clerk, manager or admin." << Qt::endl;
        return 2;
    }
    sp::db::Connection& c = ctx.connection();
    const QString password = readPassword(ctx.err());
    c.exec("SELECT staff_user_add($1, $2, $3)", {args.first(), role, password});
    ctx.out() << "user " << args.first() << " is now a " << role << Qt::endl;
    return 0;
}

int userList(AdminContext& ctx)
{
    const sp::db::Result r = ctx.connection().exec(
        "SELECT u.rolname, CASE WHEN pg_has_role(u.oid, 'stockpilot_admin', 'MEMBER') THEN 'admin'"
        " WHEN pg_has_role(u.oid, 'stockpilot_manager', 'MEMBER') THEN 'manager' ELSE 'clerk' END"
        " FROM pg_roles u WHERE u.rolcanlogin"
        " AND pg_has_role(u.oid, 'stockpilot_clerk', 'MEMBER') AND NOT u.rolsuper"
        " ORDER BY 1");
    for (int i = 0; i < r.rows(); ++i)
        ctx.out() << r.text(i, 0) << '\t' << r.text(i, 1) << '\n';
    ctx.out().flush();
    return 0;
}

} // namespace

QList<AdminCommand> databaseCommands()
{
    return {
        {"migrate", "migrate", "apply pending schema migrations", migrate},
        {"cluster start", "cluster start", "start the embedded database server", clusterStart},
        {"cluster stop", "cluster stop", "stop the embedded database server", clusterStop},
        {"cluster status", "cluster status", "is the embedded server running?", clusterStatus},
        {"user add", "user add NAME --role ROLE", "create a staff user (password on stdin)",
         userAdd},
        {"user list", "user list", "list staff users and their roles", userList},
    };
}

} // namespace sp::admin
