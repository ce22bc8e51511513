using System.Runtime.InteropServices;

namespace DnsSecure.Transport.EventLoop;

/// <summary>
/// Owns one UDP socket's file descriptor: closed exactly once, when the handle is disposed and no system call holds it
/// (SafeHandle reference counting keeps a descriptor open while a call that was passed it runs, so a number is never
/// reused under a call on another thread).
/// </summary>
internal sealed class UdpSocketHandle : SafeHandle
{
    public UdpSocketHandle(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => LinuxNative.Close((int)handle) == 0;
}
