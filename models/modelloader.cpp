#include "modelloader.h"

#include <QSet>

namespace sp::models {

ModelLoader::ModelLoader(QObject* model)
    : QObject(model)
{
    m_refreshDelay.setSingleShot(true);
    m_refreshDelay.setInterval(50);
    connect(&m_refreshDelay, &QTimer::timeout, this, &ModelLoader::refresh);
}

void ModelLoader::beginGeneration()
{
    ++m_generation;
    m_running = 0;
    // The new load reads after everything the held events and a wanted refresh were for.
    m_held.clear();
    m_refreshWanted = false;
}

void ModelLoader::invalidate()
{
    beginGeneration();
    setLoading(false);
}

bool ModelLoader::accept(quint64 generation, bool load)
{
    if (generation != m_generation)
        return false;
    if (load)
        m_running = qMax(0, m_running - 1);
    return true;
}

void ModelLoader::settle(quint64 generation, bool succeeded)
{
    // ok() may have begun another load; that one ends the loading state.
    if (generation != m_generation || m_running > 0)
        return;
    setLoading(false);
    // After a failure the events wait for the next load that succeeds.
    if (succeeded && !m_held.isEmpty() && m_replay) {
        const QList<sp::db::Event> held = std::exchange(m_held, {});
        m_replay(held);
    }
    if (m_refreshWanted && !m_loading) {
        m_refreshWanted = false;
        if (m_refresh)
            m_refresh();
    }
}

void ModelLoader::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    emit loadingChanged(loading);
}

bool ModelLoader::holdWhileLoading(const QList<sp::db::Event>& events)
{
    if (!m_loading)
        return false;
    QSet<qint64> known;
    for (const sp::db::Event& e : std::as_const(m_held))
        known.insert(e.id);
    for (const sp::db::Event& e : events) {
        // Ids below 1 are not the database's and cannot be told apart.
        if (e.id > 0 && known.contains(e.id))
            continue;
        known.insert(e.id);
        m_held.append(e);
    }
    return true;
}

void ModelLoader::setReplay(std::function<void(const QList<sp::db::Event>&)> replay)
{
    m_replay = std::move(replay);
}

void ModelLoader::setRefresh(std::function<void()> refresh, int delayMs)
{
    m_refresh = std::move(refresh);
    m_refreshDelay.setInterval(delayMs);
}

void ModelLoader::refresh()
{
    if (m_loading) {
        m_refreshWanted = true;
        return;
    }
    if (m_refresh)
        m_refresh();
}

void ModelLoader::refreshSoon()
{
    if (!m_refreshDelay.isActive())
        m_refreshDelay.start();
}

} // namespace sp::models
