#include "purchaseorderdocument.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace sp::views {

using sp::purchasing::PurchaseOrder;
using sp::purchasing::PurchaseOrderLine;

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(sp::views::PurchaseOrderDocument)
};

QByteArray csvField(const QString& value)
{
    QByteArray bytes = value.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') ||
        bytes.contains('\r')) {
        bytes.replace("\"", "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

// Costs in the document are plain numbers with two decimals, as the supplier's systems read
// them back.
QString money(double value)
{
    return QString::number(value, 'f', 2);
}

} // namespace

QString PurchaseOrderDocument::html(const PurchaseOrder& po)
{
    const QString supplier = po.supplier.isEmpty() ? Text::tr("(no supplier)") : po.supplier;
    QString rows;
    for (const PurchaseOrderLine& l : po.lines)
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td align=\"right\">%4</td>"
                               "<td align=\"right\">%5</td><td align=\"right\">%6</td></tr>")
                    .arg(l.lineNo)
                    .arg(l.sku.toHtmlEscaped(), l.name.toHtmlEscaped())
                    .arg(l.quantity)
                    .arg(money(l.unitCost), money(l.quantity * l.unitCost));
    return QStringLiteral(
               "<h1>%1</h1>"
               "<p><b>%2</b> %3<br><b>%4</b> %5<br><b>%6</b> %7</p>"
               "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">"
               "<tr><th>%8</th><th>%9</th><th>%10</th><th>%11</th><th>%12</th><th>%13</th></tr>"
               "%14"
               "<tr><td colspan=\"5\" align=\"right\"><b>%15</b></td>"
               "<td align=\"right\"><b>%16</b></td></tr></table>")
        .arg(Text::tr("Purchase order %1").arg(po.id))
        .arg(Text::tr("Supplier:"), supplier.toHtmlEscaped())
        .arg(Text::tr("Deliver to:"), po.location.toHtmlEscaped())
        .arg(Text::tr("Date:"),
             QLocale().toString(po.createdAt.toLocalTime().date(), QLocale::LongFormat))
        .arg(Text::tr("Line"), Text::tr("SKU"), Text::tr("Product"), Text::tr("Quantity"),
             Text::tr("Unit cost"), Text::tr("Amount"))
        .arg(rows)
        .arg(Text::tr("Total"), money(po.total()));
}

QByteArray PurchaseOrderDocument::csv(const PurchaseOrder& po)
{
    QByteArray out =
        "purchase_order,supplier,deliver_to,line,sku,name,quantity,unit_cost,amount\r\n";
    for (const PurchaseOrderLine& l : po.lines)
        out += QByteArray::number(po.id) + ',' + csvField(po.supplier) + ',' +
               csvField(po.location) + ',' + QByteArray::number(l.lineNo) + ',' + csvField(l.sku) +
               ',' + csvField(l.name) + ',' + QByteArray::number(l.quantity) + ',' +
               money(l.unitCost).toLatin1() + ',' + money(l.quantity * l.unitCost).toLatin1() +
               "\r\n";
    return out;
}

bool PurchaseOrderDocument::writePdf(const PurchaseOrder& po, const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(300);
        writer.setTitle(Text::tr("Purchase order %1").arg(po.id));
        writer.setCreator(QStringLiteral("StockPilot"));
        QTextDocument document;
        document.setHtml(html(po));
        document.print(&writer);
    }
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace sp::views
