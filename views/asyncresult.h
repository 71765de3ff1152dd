#pragma once

#include "db/dberror.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <exception>
#include <utility>

namespace sp::views {

// Delivers the result of database work done off the GUI thread to a widget: ok(result) or
// failed(error) on the receiver's thread, and nothing at all once the receiver is gone (the
// watcher is its child). Errors that are not DbError arrive as one without a SQLSTATE.
template<typename T, typename Ok, typename Failed>
void whenDone(QObject* receiver, const QFuture<T>& future, Ok&& ok, Failed&& failed)
{
    auto* watcher = new QFutureWatcher<T>(receiver);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, receiver,
        [watcher, ok = std::forward<Ok>(ok), failed = std::forward<Failed>(failed)]() mutable {
            watcher->deleteLater();
            try {
                T value = watcher->future().result();
                ok(std::move(value));
            } catch (const sp::db::DbError& e) {
                failed(e);
            } catch (const std::exception& e) {
                failed(sp::db::DbError(QString(), QString::fromLocal8Bit(e.what())));
            }
        });
    watcher->setFuture(future);
}

} // namespace sp::views
