#include "admincontext.h"

#include "db/database.h"
#include "db/migrator.h"
#include "llm/llmcalllog.h"
#include "llm/llmclient.h"

#include <QSettings>

namespace sp::admin {

AdminContext::AdminContext(QStringList arguments, sp::db::DatabaseLocation location)
    : m_arguments(std::move(arguments))
    , m_location(std::move(location))
    , m_out(stdout)
    , m_err(stderr)
{}

AdminContext::~AdminContext() = default;

void AdminContext::setSettings(std::unique_ptr<QSettings> settings)
{
    m_settings = std::move(settings);
}

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

sp::db::ConnectionSettings AdminContext::actingSettings()
{
    connection(); // starts (and migrates) the embedded cluster first
    sp::db::ConnectionSettings s = cluster() ? cluster()->ownerSettings() : m_location.settings;
    const qsizetype i = m_arguments.indexOf(QStringLiteral("--user"));
    if (i >= 0 && i + 1 < m_arguments.size()) {
        s.user = m_arguments.at(i + 1);
        s.password = qEnvironmentVariable("PGPASSWORD");
    }
    s.applicationName = QStringLiteral("stockpilot-admin");
    return s;
}

QString AdminContext::option(const QString& name) const
{
    const qsizetype i = m_arguments.indexOf(name);
    return i >= 0 && i + 1 < m_arguments.size() ? m_arguments.at(i + 1) : QString();
}

QStringList AdminContext::options(const QString& name) const
{
    QStringList values;
    for (qsizetype i = 0; i + 1 < m_arguments.size(); ++i)
        if (m_arguments.at(i) == name)
            values.append(m_arguments.at(++i));
    return values;
}

QString AdminContext::positional(int n) const
{
    static const QStringList withValue{
        QStringLiteral("--user"),     QStringLiteral("--reason"),    QStringLiteral("--note"),
        QStringLiteral("--status"),   QStringLiteral("--quantity"),  QStringLiteral("--source"),
        QStringLiteral("--discount"), QStringLiteral("--effective"), QStringLiteral("--supplier"),
        QStringLiteral("--line"),     QStringLiteral("--key"),       QStringLiteral("--limit")};
    int seen = 0;
    for (qsizetype i = 0; i < m_arguments.size(); ++i) {
        if (withValue.contains(m_arguments[i])) {
            ++i;
            continue;
        }
        if (m_arguments[i].startsWith(QLatin1String("--")))
            continue;
        if (seen++ == n)
            return m_arguments[i];
    }
    return {};
}

sp::db::Connection& AdminContext::acting()
{
    if (option(QStringLiteral("--user")).isEmpty())
        return connection();
    if (!m_acting)
        m_acting = std::make_unique<sp::db::Connection>(actingSettings());
    return *m_acting;
}

void AdminContext::setLlmFlags(const QString& url, const QString& model)
{
    m_llmUrl = url;
    m_llmModel = model;
}

sp::llm::LlmClient& AdminContext::llm()
{
    if (m_llm)
        return *m_llm;
    sp::llm::LlmSettings s = sp::llm::LlmSettings::load(m_settings.get());
    s.applyFlags(m_llmUrl, m_llmModel);
    m_llm = std::make_unique<sp::llm::LlmClient>(s);
    if (s.isConfigured()) {
        m_llmDb = std::make_unique<sp::db::Database>(actingSettings(), 1);
        m_llmLog = std::make_unique<sp::llm::LlmCallLog>(m_llmDb.get());
        m_llmLog->watch(m_llm.get());
    }
    return *m_llm;
}

} // namespace sp::admin
