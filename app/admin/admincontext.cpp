#include "admincontext.h"

#include "db/migrator.h"

namespace sp::admin {

AdminContext::AdminContext(QStringList arguments, sp::db::DatabaseLocation location)
    : m_arguments(std::move(arguments))
    , m_location(std::move(location))
    , m_out(stdout)
    , m_err(stderr)
{}

sp::db::EmbeddedCluster* AdminContext::cluster()
{
    if (!m_location.isEmbedded())
        return nullptr;
    if (!m_cluster)
        m_cluster.emplace(m_location.dataDir);
    return &*m_cluster;
}

sp::db::Connection& AdminContext::connection(bool migrate)
{
    if (m_connection)
        return *m_connection;
    if (auto* embedded = cluster()) {
        embedded->ensureRunning();
        m_connection = std::make_unique<sp::db::Connection>(embedded->ownerSettings());
        if (migrate) {
            const QStringList applied = sp::db::Migrator().migrate(*m_connection);
            for (const QString& name : applied)
                m_err << "applied migration " << name << Qt::endl;
        }
    } else {
        sp::db::ConnectionSettings settings = m_location.settings;
        settings.applicationName = QStringLiteral("stockpilot-admin");
        m_connection = std::make_unique<sp::db::Connection>(settings);
    }
    return *m_connection;
}

} // namespace sp::admin
