// stockpilot-admin commands for partner API keys: create (the key is printed once, on the last
// line, and stored only as a hash), list, revoke.

#include "admincontext.h"

namespace sp::admin {

namespace {

int apiKeyCreate(AdminContext& ctx)
{
    const QStringList& args = ctx.arguments();
    QString name;
    QStringList scopes;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--scope") && i + 1 < args.size())
            scopes += args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (args[i].startsWith(QLatin1String("--scope=")))
            scopes += args[i].mid(8).split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (name.isEmpty() && !args[i].startsWith(QLatin1Char('-')))
            name = args[i];
        else {
            ctx.err() << "api-key create: unexpected argument \"" << args[i] << "\"" << Qt::endl;
            return 2;
        }
    }
    if (name.isEmpty()) {
        ctx.err() << "usage: stockpilot-admin api-key create NAME [--scope inventory:read] "
                     "[--scope holds:write] [--scope sales]"
                  << Qt::endl;
        return 2;
    }
    if (scopes.isEmpty())
        scopes = {QStringLiteral("inventory:read"), QStringLiteral("holds:write")};
    const sp::db::Result r =
        ctx.connection().exec("SELECT api_key_create($1, $2::text[])", {name, scopes});
    ctx.out() << "API key \"" << name << "\" created with scopes " << scopes.join(QLatin1Char(' '))
              << ". It is shown only now; keep it safe:\n"
              << r.text(0, 0) << Qt::endl;
    return 0;
}

int apiKeyList(AdminContext& ctx)
{
    const sp::db::Result r =
        ctx.connection().exec("SELECT id, name, key_prefix || '...', array_to_string(scopes, ','),"
                              " to_char(created_at, 'YYYY-MM-DD HH24:MI'),"
                              " coalesce(to_char(revoked_at, 'YYYY-MM-DD HH24:MI'), 'active')"
                              " FROM api_keys ORDER BY id");
    ctx.out() << "id\tname\tkey\tscopes\tcreated\trevoked\n";
    for (int i = 0; i < r.rows(); ++i) {
        for (int col = 0; col < r.columns(); ++col)
            ctx.out() << (col ? "\t" : "") << r.text(i, col);
        ctx.out() << '\n';
    }
    ctx.out().flush();
    return 0;
}

int apiKeyRevoke(AdminContext& ctx)
{
    bool ok = false;
    const int id = ctx.arguments().value(0).toInt(&ok);
    if (!ok) {
        ctx.err() << "usage: stockpilot-admin api-key revoke ID (see api-key list)" << Qt::endl;
        return 2;
    }
    if (!ctx.connection().exec("SELECT api_key_revoke($1)", {id}).toBool(0, 0)) {
        ctx.err() << "There is no active API key " << id << "." << Qt::endl;
        return 1;
    }
    ctx.out() << "API key " << id << " revoked." << Qt::endl;
    return 0;
}

} // namespace

QList<AdminCommand> apiKeyCommands()
{
    return {
        {"api-key create", "api-key create NAME [--scope S]",
         "create a partner API key (printed on the last line)", apiKeyCreate},
        {"api-key list", "api-key list", "list partner API keys (never the keys themselves)",
         apiKeyList},
        {"api-key revoke", "api-key revoke ID", "revoke a partner API key", apiKeyRevoke},
    };
}

} // namespace sp::admin
