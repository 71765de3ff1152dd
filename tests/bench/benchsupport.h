#pragma once

// Helpers shared by the benchmark programs: CPU time, which unlike wall time is not inflated by
// other work on the machine.

#include <QFile>
#include <QList>
#include <QString>

#include <sys/resource.h>
#include <unistd.h>

namespace sp::bench {

// User + system CPU time of a process (the server process of a connection), from /proc.
inline double processCpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (f.size() < 13)
        return 0;
    return double(f[11].toLongLong() + f[12].toLongLong()) / double(::sysconf(_SC_CLK_TCK));
}

// User + system CPU time of this process.
inline double ownCpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// The machine's CPU time so far, from the first line of /proc/stat (in clock ticks, all CPUs):
// all of it, and what the hypervisor took back ("steal": time this virtual machine was ready
// to run but the host ran something else). Both 0 where /proc/stat cannot be read.
struct HostCpuTicks
{
    quint64 total = 0;
    quint64 steal = 0;
};

inline HostCpuTicks hostCpuTicks()
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
    const QList<QByteArray> f = stat.readLine().simplified().split(' ');
    if (f.size() < 9 || f[0] != "cpu")
        return {};
    HostCpuTicks ticks;
    for (qsizetype i = 1; i <= 8; ++i) // guest time is counted in user time already
        ticks.total += f[i].toULongLong();
    ticks.steal = f[8].toULongLong();
    return ticks;
}

} // namespace sp::bench
