#pragma once

#include "modelloader.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QSet>

#include <functional>
#include <type_traits>
#include <utility>

namespace sp::models {

// A table of keyed rows that stays live by fetching the whole list again (the Holds and Orders
// pages): reload() replaces the rows; a refresh (refresh(), or events through the loader's
// refreshSoon) applies the difference instead: rows that are gone are removed, a contiguous
// run at a time, changed rows emit dataChanged, new rows go in at one end, so a view keeps its
// selection and scroll. Rows keep their place until the next reload.
template<typename Row>
class LiveListModel : public QAbstractTableModel
{
public:
    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

    void reload()
    {
        m_resetPending = true;
        load();
    }
    // Fetches the list again soon and applies the difference (after a change made here).
    void refresh() { m_loader.refreshSoon(); }
    bool isLoading() const { return m_loader.isLoading(); }

protected:
    enum class NewRows { Append, Prepend };

    explicit LiveListModel(QObject* parent)
        : QAbstractTableModel(parent)
        , m_loader(this)
    {
        m_loader.setRefresh([this] { load(); });
    }

    // Starts fetching the list: loadRows(the service's future, how to apply its answer).
    virtual void load() = 0;

    // apply(result, reset): reset after reload() (and after a failed reset, until one succeeds).
    template<typename T, typename Apply>
    void loadRows(const QFuture<T>& future, Apply&& apply)
    {
        const bool reset = std::exchange(m_resetPending, false);
        m_loader.reload(
            future,
            [reset, apply = std::forward<Apply>(apply)](T result) mutable {
                apply(std::move(result), reset);
            },
            [this, reset](const sp::db::DbError& e) {
                if (reset)
                    m_resetPending = true; // the next load must still replace the rows
                m_loader.report(e);
            });
    }

    void replaceRows(QList<Row> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }

    // Makes the rows those of fresh, matched by keyOf; same(old, now) tells whether a row
    // changed, and changed(now) follows the dataChanged of each one that did.
    template<typename KeyOf, typename Same, typename Changed>
    void patchRows(QList<Row> fresh, KeyOf keyOf, Same same, NewRows where, Changed changed)
    {
        using Key = std::decay_t<std::invoke_result_t<KeyOf, const Row&>>;
        QHash<Key, qsizetype> position;
        for (qsizetype i = 0; i < fresh.size(); ++i)
            position.insert(std::invoke(keyOf, fresh[i]), i);

        for (int last = int(m_rows.size()) - 1; last >= 0;) {
            if (position.contains(std::invoke(keyOf, m_rows[last]))) {
                --last;
                continue;
            }
            int first = last;
            while (first > 0 && !position.contains(std::invoke(keyOf, m_rows[first - 1])))
                --first;
            beginRemoveRows({}, first, last);
            m_rows.remove(first, last - first + 1);
            endRemoveRows();
            last = first - 1;
        }

        QSet<Key> known;
        for (int row = 0; row < m_rows.size(); ++row) {
            const Row& now = fresh[position.value(std::invoke(keyOf, m_rows[row]))];
            known.insert(std::invoke(keyOf, now));
            if (!same(m_rows[row], now)) {
                m_rows[row] = now;
                emit dataChanged(index(row, 0), index(row, columnCount() - 1));
                changed(now);
            }
        }

        QList<Row> added;
        for (const Row& r : std::as_const(fresh)) {
            if (!known.contains(std::invoke(keyOf, r)))
                added.append(r);
        }
        if (added.isEmpty())
            return;
        const int first = where == NewRows::Append ? int(m_rows.size()) : 0;
        beginInsertRows({}, first, first + int(added.size()) - 1);
        if (where == NewRows::Append)
            m_rows.append(added);
        else
            m_rows = added + m_rows;
        endInsertRows();
    }

    // The row whose keyOf is key; -1 when none is.
    template<typename KeyOf, typename Key>
    int rowWith(KeyOf keyOf, const Key& key) const
    {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (std::invoke(keyOf, m_rows[i]) == key)
                return i;
        }
        return -1;
    }

    const Row* rowAt(int row) const
    {
        return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
    }

    QList<Row> m_rows;
    // The derived model connects its errorOccurred: this base has no signals of its own.
    ModelLoader m_loader;

private:
    bool m_resetPending = true; // the next load replaces the rows (first load, new filter)
};

} // namespace sp::models
