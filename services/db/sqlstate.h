#pragma once

#include <array>
#include <string_view>

// Every SQLSTATE StockPilot raises or switches on, in one place. Clients switch on these, never
// on message text. The SP codes are StockPilot's own (PostgreSQL's classes never start with S);
// README's error table lists the same codes.
namespace sp::db::sqlstate {

// Raised by StockPilot's SQL functions.
inline constexpr auto UnknownSku = "SP001";          // no product with that SKU
inline constexpr auto UnknownLocation = "SP002";     // no location with that code
inline constexpr auto InvalidQuantity = "SP003";     // quantity not a whole number in range
inline constexpr auto InsufficientStock = "SP004";   // not enough available; DETAIL is JSON
inline constexpr auto SameLocation = "SP005";        // a transfer from a location to itself
inline constexpr auto ReasonRequired = "SP006";      // a reason is required
inline constexpr auto UnknownTransfer = "SP007";     // unknown transfer, or already received
inline constexpr auto CountBelowAllocated = "SP008"; // a count below what is held or sold
inline constexpr auto InvalidArgument = "SP009";     // another invalid argument
inline constexpr auto AlreadyDecided = "SP010";      // someone else decided the suggestion first
inline constexpr auto UnknownSuggestion = "SP011";   // no suggestion with that id
inline constexpr auto UnknownJob = "SP012";          // no scheduled job of that name
inline constexpr auto PurchaseOrder = "SP013";       // purchase order unknown or already received
inline constexpr auto HoldNotActive = "SP014";       // the hold expired or was released already
inline constexpr auto UnknownOrder = "SP015";        // no order with that id
inline constexpr auto OrderClosed = "SP016";         // the order was cancelled or shipped already
inline constexpr auto OrderLine = "SP017";           // no such line, or more than it has to ship
// Rows of a CSV file or batch refused: DETAIL is the line number, or (sales) a JSON list of
// every bad line [{line, field, message}].
inline constexpr auto ImportRowRejected = "SPD01";

// Raised by the C++ side.
inline constexpr auto MigrationRefused = "SPM01"; // schema tampered with, newer or half-made
inline constexpr auto ClusterFailed = "SPC01";    // the embedded server cannot be set up or run
inline constexpr auto ImportFailed = "SPI01";     // a CSV file cannot be read, written or imported
inline constexpr auto DemoDataRefused = "SPL01";  // demo data cannot be loaded (products exist)
inline constexpr auto RequestRefused = "SPH01";   // an HTTP request refused before any SQL

// Standard PostgreSQL codes StockPilot switches on.
inline constexpr auto InsufficientPrivilege = "42501"; // the role may not do this
inline constexpr auto UndefinedFunction = "42883";     // a login that cannot see our functions
inline constexpr auto InvalidSchemaName = "3F000";     // a login that cannot see our schema
inline constexpr auto CheckViolation = "23514";        // a table constraint refused a row
inline constexpr auto ForeignKeyViolation = "23503";   // a reference to a row that is not there
inline constexpr auto InvalidPassword = "28P01";       // wrong user name or password
inline constexpr auto QueryCanceled = "57014";         // cancelled, or a statement timeout
inline constexpr auto ConnectionFailure = "08006";     // the connection broke
inline constexpr auto ConnectionRefused = "08001";     // the server cannot be reached
inline constexpr auto AdminShutdown = "57P01";         // the server is shutting down
inline constexpr auto CrashShutdown = "57P02";         // the server is restarting after a crash
inline constexpr auto CannotConnectNow = "57P03";      // the server is starting or stopping
inline constexpr auto IoError = "58030";               // a file the program needs cannot be written

// Every code above, for the check that no two share a value.
inline constexpr std::array All{
    UnknownSku,        UnknownLocation,   UnknownTransfer,   InvalidQuantity,
    InsufficientStock, SameLocation,      ReasonRequired,    CountBelowAllocated,
    InvalidArgument,   AlreadyDecided,    UnknownSuggestion, UnknownJob,
    PurchaseOrder,     HoldNotActive,     UnknownOrder,      OrderClosed,
    OrderLine,         ImportRowRejected, MigrationRefused,  ClusterFailed,
    ImportFailed,      DemoDataRefused,   RequestRefused,    InsufficientPrivilege,
    UndefinedFunction, InvalidSchemaName, CheckViolation,    InvalidPassword,
    QueryCanceled,     ConnectionFailure, ConnectionRefused, ForeignKeyViolation,
    AdminShutdown,     CrashShutdown,     CannotConnectNow,  IoError,
};

constexpr bool allUnique()
{
    for (std::size_t i = 0; i < All.size(); ++i) {
        if (std::string_view(All[i]).size() != 5)
            return false;
        for (std::size_t j = i + 1; j < All.size(); ++j) {
            if (std::string_view(All[i]) == std::string_view(All[j]))
                return false;
        }
    }
    return true;
}
static_assert(allUnique(), "two SQLSTATE codes share a value, or one is not five characters");

} // namespace sp::db::sqlstate
