#pragma once

#include "db/dberror.h"
#include "db/eventstream.h"
#include "db/whendone.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <type_traits>
#include <utility>

namespace sp::models {

// What every model does around the work it hands to the services, in one place.
//
// Generations: reload() starts a new one, and the answers of every earlier load and fetch are
// dropped when they come, so a late answer to an old filter never overwrites a newer one.
// Loading: isLoading() is true from reload() or loadMore() until the last of the generation's
// loads has been applied (it is still true while ok() inserts the rows, so that a view asking
// for more from inside the insertion waits for it); loadingChanged says when it flips.
// Events: holdWhileLoading() keeps the events that arrive during a load (each event once) and
// hands them to the replay function once, after the load has been applied; a new generation
// drops them, as it reads after them.
// Refreshes: refresh() runs the model's refresh function now, or once after the current load;
// refreshSoon() does so after a short delay, so a burst of events costs one fetch.
//
// Continuations run on the model's thread through sp::db::whenDone, never once the model (the
// loader's parent) is gone. A failure without a handler of its own is emitted as errorOccurred.
// Both signals reach the model's signals of the same names, where it has them.
class ModelLoader final : public QObject
{
    Q_OBJECT

public:
    explicit ModelLoader(QObject* model);
    template<typename Model>
    requires std::is_base_of_v<QObject, Model> &&
        (!std::is_same_v<Model, QObject>)explicit ModelLoader(Model* model)
        : ModelLoader(static_cast<QObject*>(model))
    {
        if constexpr (requires { &Model::errorOccurred; })
            connect(this, &ModelLoader::errorOccurred, model, &Model::errorOccurred);
        if constexpr (requires { &Model::loadingChanged; })
            connect(this, &ModelLoader::loadingChanged, model, &Model::loadingChanged);
    }

    // A load of a new generation.
    template<typename T, typename Ok>
    void reload(const QFuture<T>& future, Ok&& ok)
    {
        start(Kind::Reload, future, std::forward<Ok>(ok), reportFailure());
    }
    template<typename T, typename Ok, typename Failed>
    void reload(const QFuture<T>& future, Ok&& ok, Failed&& failed)
    {
        start(Kind::Reload, future, std::forward<Ok>(ok), std::forward<Failed>(failed));
    }

    // A further load of the current generation (the next page): loading again until it is in.
    template<typename T, typename Ok>
    void loadMore(const QFuture<T>& future, Ok&& ok)
    {
        start(Kind::More, future, std::forward<Ok>(ok), reportFailure());
    }
    template<typename T, typename Ok, typename Failed>
    void loadMore(const QFuture<T>& future, Ok&& ok, Failed&& failed)
    {
        start(Kind::More, future, std::forward<Ok>(ok), std::forward<Failed>(failed));
    }

    // Work of the current generation that is no load (a live update, a page a view asked for):
    // dropped when a newer generation has begun, and the model does not count as loading.
    template<typename T, typename Ok>
    void fetch(const QFuture<T>& future, Ok&& ok)
    {
        start(Kind::Fetch, future, std::forward<Ok>(ok), reportFailure());
    }
    template<typename T, typename Ok, typename Failed>
    void fetch(const QFuture<T>& future, Ok&& ok, Failed&& failed)
    {
        start(Kind::Fetch, future, std::forward<Ok>(ok), std::forward<Failed>(failed));
    }

    // Drops whatever is on its way (the model now shows something with nothing to load yet).
    void invalidate();

    bool isLoading() const { return m_loading; }
    quint64 generation() const { return m_generation; }

    // While loading: keeps the events for the replay function and returns true. Otherwise
    // returns false and the model applies them itself.
    bool holdWhileLoading(const QList<sp::db::Event>& events);
    const QList<sp::db::Event>& heldEvents() const { return m_held; }
    void setReplay(std::function<void(const QList<sp::db::Event>&)> replay);

    void setRefresh(std::function<void()> refresh, int delayMs = 50);
    void refresh();
    void refreshSoon();

    // What a failure without a handler of its own does: errorOccurred with its message.
    void report(const sp::db::DbError& error) { emit errorOccurred(error.message()); }

signals:
    void loadingChanged(bool loading);
    void errorOccurred(const QString& message);

private:
    enum class Kind { Reload, More, Fetch };

    auto reportFailure()
    {
        return [this](const sp::db::DbError& e) {
            report(e);
        };
    }

    template<typename T, typename Ok, typename Failed>
    void start(Kind kind, const QFuture<T>& future, Ok&& ok, Failed&& failed)
    {
        if (kind == Kind::Reload)
            beginGeneration();
        const quint64 generation = m_generation;
        const bool load = kind != Kind::Fetch;
        if (load) {
            ++m_running;
            setLoading(true);
        }
        sp::db::whenDone(
            this, future,
            [this, generation, load, ok = std::forward<Ok>(ok)](auto&&... value) mutable {
                if (!accept(generation, load))
                    return;
                ok(std::forward<decltype(value)>(value)...);
                if (load)
                    settle(generation, true);
            },
            [this, generation, load,
             failed = std::forward<Failed>(failed)](const sp::db::DbError& e) mutable {
                if (!accept(generation, load))
                    return;
                failed(e);
                if (load)
                    settle(generation, false);
            });
    }

    void beginGeneration();
    bool accept(quint64 generation, bool load);
    void settle(quint64 generation, bool succeeded);
    void setLoading(bool loading);

    quint64 m_generation = 0;
    int m_running = 0; // loads of the current generation on their way
    bool m_loading = false;
    QList<sp::db::Event> m_held;
    std::function<void(const QList<sp::db::Event>&)> m_replay;
    std::function<void()> m_refresh;
    bool m_refreshWanted = false;
    QTimer m_refreshDelay;
};

} // namespace sp::models
