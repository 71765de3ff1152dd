#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace sp::db {

// Staff passwords in the system keychain (Secret Service, KWallet, macOS Keychain, Windows
// Credential Manager) through QtKeychain. Never falls back to a plain settings file: when no
// keychain is available the caller is told and the password is simply not remembered.
//
// Every call is asynchronous (the keychain may ask the user to unlock it); the callback runs
// on the thread of the context object.
class CredentialStore final : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        enum class Status { Ok, NotFound, Unavailable, Failed };
        Status status = Status::Failed;
        QString password; // read: the stored password when status is Ok
        QString error;    // for people, when status is Unavailable or Failed
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Outcome&)>;

    explicit CredentialStore(QObject* parent = nullptr);

    // One entry per user and database, so the same name on two servers keeps two passwords.
    static QString keyFor(const QString& user, const QString& where);

    void readPassword(const QString& key, QObject* context, Callback done);
    void writePassword(const QString& key, const QString& password, QObject* context,
                       Callback done = {});
    void deletePassword(const QString& key, QObject* context, Callback done = {});

    static constexpr auto Service = "StockPilot";
};

} // namespace sp::db
