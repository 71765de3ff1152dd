#include "llmcallsmodel.h"

#include <QLocale>

namespace sp::models {

LlmCallsModel::LlmCallsModel(sp::db::Database* db, QObject* parent)
    : QAbstractTableModel(parent)
    , m_db(db)
    , m_loader(this)
{}

int LlmCallsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_calls.size());
}

int LlmCallsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LlmCallsModel::outcomeText(const QString& outcome)
{
    if (outcome == QLatin1String("ok"))
        return tr("OK");
    if (outcome == QLatin1String("timeout"))
        return tr("Timed out");
    if (outcome == QLatin1String("http_error"))
        return tr("Server error");
    if (outcome == QLatin1String("network_error"))
        return tr("Network error");
    if (outcome == QLatin1String("bad_response"))
        return tr("Bad reply");
    if (outcome == QLatin1String("not_configured"))
        return tr("Not configured");
    return outcome;
}

QVariant LlmCallsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const sp::llm::LlmCall& c = m_calls.at(index.row());
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (index.column()) {
        case AtColumn:
            return locale.toString(c.at.toLocalTime(), QLocale::ShortFormat);
        case PurposeColumn:
            return c.purpose;
        case ModelColumn:
            return c.model;
        case LatencyColumn:
            return tr("%1 ms").arg(locale.toString(c.latencyMs));
        case TokensColumn:
            return tr("%1 + %2").arg(c.promptTokens).arg(c.completionTokens);
        case OutcomeColumn:
            return outcomeText(c.outcome);
        case WhoColumn:
            return c.who;
        }
    } else if (role == Qt::ToolTipRole && !c.error.isEmpty()) {
        return c.error;
    } else if (role == Qt::TextAlignmentRole &&
               (index.column() == LatencyColumn || index.column() == TokensColumn)) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant LlmCallsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case AtColumn:
        return tr("When");
    case PurposeColumn:
        return tr("Purpose");
    case ModelColumn:
        return tr("Model");
    case LatencyColumn:
        return tr("Latency");
    case TokensColumn:
        return tr("Tokens (prompt + reply)");
    case OutcomeColumn:
        return tr("Outcome");
    case WhoColumn:
        return tr("Who");
    }
    return {};
}

const sp::llm::LlmCall* LlmCallsModel::callAt(int row) const
{
    return row >= 0 && row < m_calls.size() ? &m_calls.at(row) : nullptr;
}

void LlmCallsModel::reload(int limit)
{
    m_loader.reload(sp::llm::LlmCallLog::recent(*m_db, limit),
                    [this](const QList<sp::llm::LlmCall>& calls) {
                        beginResetModel();
                        m_calls = calls;
                        endResetModel();
                        emit loaded();
                    });
}

} // namespace sp::models
