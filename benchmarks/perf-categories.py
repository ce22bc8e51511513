#!/usr/bin/env python3
"""Sorts the samples of a `perf script -F comm,tid,time,ip,sym,dso` dump into categories of CPU work and prints, per
category, its share of the samples and the µs per answer that share stands for (share × the run's measured CPU µs per
answer, so the sampling's start-up gap and overhead do not distort the figures).

usage: perf-categories.py SCRIPT_DUMP CPU_US_PER_ANSWER  → lines "category=<name> share=<fraction> us_per_answer=<µs>"
"""
import re
import sys
from collections import Counter

HEADER = re.compile(r'^(.+?)\s+(\d+)\s+([\d.]+):\s*$')
FRAME = re.compile(r'^\s*[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$')

SCHEDULING = ('schedule', 'sched_yield', 'futex', 'try_to_wake_up', 'finish_task_switch', 'reschedule_ipi')
NETWORK = ('sendto', 'sendmsg', 'recvfrom', 'recvmsg', 'sys_socket', 'sys_connect', 'sys_bind', 'udp_', 'sock_close',
           '__sys_recv', 'sys_recv', 'epoll', 'sys_close', 'sys_write', 'sys_read', 'inet_', 'ip_', 'setsockopt', 'fcntl')


def category(stack):
    """The category of one sample, from its leaf frame and (for the kernel) what led there."""
    symbol, dso = stack[0]
    if '[kernel' in dso:
        names = ' '.join(s for s, _ in stack)
        if 'page_fault' in names:
            return 'kernel: page faults'
        if any(k in names for k in SCHEDULING):
            return 'kernel: scheduling, wake-ups'
        if any(k in names for k in NETWORK):
            return 'kernel: sockets, epoll'
        return 'kernel: other'
    name = dso.rsplit('/', 1)[-1]
    if name.startswith('libcrypto'):
        return 'OpenSSL (libcrypto)'
    if name.startswith('libc.so') or name.startswith('ld-linux') or name == '[vdso]':
        return 'C library: memset' if 'memset' in symbol else 'C library'
    if name.startswith('libcoreclr') or name.startswith('libclrjit'):
        return '.NET runtime (GC, thread pool, stubs)'
    if name.startswith('libSystem.') or name.startswith('libevent'):
        return 'native glue (libevent, System.Native)'
    if name.endswith('.map') or name.endswith('.dll') or name == '[unknown]' or 'memfd' in name:
        return 'managed code'
    return name


def main():
    dump, cpu_us = sys.argv[1], float(sys.argv[2])
    counts, stack, total = Counter(), None, 0
    for line in open(dump, errors='replace'):
        if not line.strip():
            if stack:
                counts[category(stack)] += 1
                total += 1
            stack = None
        elif HEADER.match(line):
            stack = []
        elif stack is not None and (frame := FRAME.match(line)):
            stack.append((frame.group(1), frame.group(2)))
    if stack:
        counts[category(stack)] += 1
        total += 1
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f'category={name.replace(" ", "_")} share={n / total:.4f} us_per_answer={n / total * cpu_us:.1f}')


if __name__ == '__main__':
    main()
