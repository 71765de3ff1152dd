#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>

namespace sp::approvals {

// The words of every reason the rules (resources/sql/functions/60_suggestions.sql) and the
// staff request optimizer write: a reason is stored as {"key": "...", "args": {...}} and each
// client words it here, in English or through the translator, with its figures formatted for a
// locale. An argument may itself be a template, or an array of them (joined with "; ").
class ReasonTemplates final
{
    Q_DECLARE_TR_FUNCTIONS(sp::approvals::ReasonTemplates)

public:
    enum class Language { English, Translated };

    // The reason in words; empty when the key is unknown (the caller shows its stored text).
    static QString render(const QJsonObject& reason, Language language, const QLocale& locale);
    // As the rules and the optimizer word it in their English text: no translator, plain numbers.
    static QString english(const QJsonObject& reason);
    // For the desktop: translated, numbers in the default locale.
    static QString translated(const QJsonObject& reason);

    static QJsonObject make(const char* key, const QJsonObject& args = {});
    static bool isKnown(const QString& key);
    static QStringList keys();
};

// The reason a person reads: from its template when it has one, else the stored text (rows
// from before templates, or a key this build does not know).
QString reasonText(const QJsonObject& reasonTemplate, const QString& stored,
                   ReasonTemplates::Language language = ReasonTemplates::Language::Translated);

} // namespace sp::approvals
