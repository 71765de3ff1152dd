#pragma once

#include "dberror.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QUnhandledException>

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace sp::db {

namespace detail {
inline DbError unwrapped(const std::exception_ptr& thrown)
{
    try {
        if (thrown)
            std::rethrow_exception(thrown);
    } catch (const DbError& e) {
        return e;
    } catch (const std::exception& e) {
        return DbError(QString(), QString::fromLocal8Bit(e.what()));
    } catch (...) {
    }
    return DbError(QString(), QStringLiteral("The work failed with an unknown error."));
}
} // namespace detail

// The one way StockPilot continues work that ran off the receiver's thread: ok(result) (ok() for
// QFuture<void>) or failed(error) on the receiver's thread, and nothing at all once the receiver
// is gone, because the watcher is its child. QFuture::then with a context object does not give
// that guarantee in Qt 6.4. Errors that are not DbError arrive as one without a SQLSTATE.
template<typename T, typename Ok, typename Failed>
void whenDone(QObject* receiver, const QFuture<T>& future, Ok&& ok, Failed&& failed)
{
    auto* watcher = new QFutureWatcher<T>(receiver);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, receiver,
        [watcher, ok = std::forward<Ok>(ok), failed = std::forward<Failed>(failed)]() mutable {
            watcher->deleteLater();
            QFuture<T> done = watcher->future();
            try {
                // Rethrows the exception the work ended with, if any.
                done.waitForFinished();
                if constexpr (std::is_void_v<T>) {
                    ok();
                } else {
                    if (done.resultCount() == 0)
                        throw DbError(QString(), QStringLiteral("The work was cancelled."));
                    T value = done.result();
                    ok(std::move(value));
                }
            } catch (const DbError& e) {
                failed(e);
            } catch (const QUnhandledException& e) {
                // What the work threw that was not a QException, kept by QtConcurrent.
                failed(detail::unwrapped(e.exception()));
            } catch (const std::exception& e) {
                failed(DbError(QString(), QString::fromLocal8Bit(e.what())));
            }
        });
    watcher->setFuture(future);
}

namespace detail {
template<typename>
struct FutureOf
{
    static constexpr bool isFuture = false;
};
template<typename R>
struct FutureOf<QFuture<R>>
{
    static constexpr bool isFuture = true;
    using type = R;
};

template<typename R>
void fail(QPromise<R>& promise, const DbError& error)
{
    promise.setException(error);
    promise.finish();
}
} // namespace detail

// Chains f(result) onto future on the receiver's thread and returns the future of what f gives
// (a value, or a QFuture that is waited for the same way). Built on whenDone: once the receiver
// is gone, the returned future ends cancelled, and its own continuations see an error.
template<typename T, typename F>
auto continueOn(QObject* receiver, const QFuture<T>& future, F&& f)
{
    static_assert(!std::is_void_v<T>, "continueOn needs a result to pass on");
    using Returned = std::invoke_result_t<F, T>;
    using Traits = detail::FutureOf<Returned>;
    using R =
        typename std::conditional_t<Traits::isFuture, Traits, std::type_identity<Returned>>::type;
    auto promise = std::make_shared<QPromise<R>>();
    promise->start();
    QFuture<R> result = promise->future();
    whenDone(
        receiver, future,
        [receiver, promise, f = std::forward<F>(f)](T value) mutable {
            try {
                if constexpr (Traits::isFuture) {
                    whenDone(
                        receiver, f(std::move(value)),
                        [promise](R r) {
                            promise->addResult(std::move(r));
                            promise->finish();
                        },
                        [promise](const DbError& e) { detail::fail(*promise, e); });
                } else {
                    promise->addResult(f(std::move(value)));
                    promise->finish();
                }
            } catch (const DbError& e) {
                detail::fail(*promise, e);
            } catch (const std::exception& e) {
                detail::fail(*promise, DbError(QString(), QString::fromLocal8Bit(e.what())));
            }
        },
        [promise](const DbError& e) { detail::fail(*promise, e); });
    return result;
}

} // namespace sp::db
