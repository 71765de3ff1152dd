#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace sp::models {

// Calls done(future) on the receiver's thread once the future has finished. When the receiver
// is destroyed first, done is never called (the watcher is its child), which QFuture::then with
// a context object does not guarantee in Qt 6.4.
template<typename T, typename Done>
void whenFinished(QObject* receiver, const QFuture<T>& future, Done&& done)
{
    auto* watcher = new QFutureWatcher<T>(receiver);
    QObject::connect(watcher, &QFutureWatcherBase::finished, receiver,
                     [watcher, done = std::forward<Done>(done)]() mutable {
                         watcher->deleteLater();
                         done(watcher->future());
                     });
    watcher->setFuture(future);
}

} // namespace sp::models
