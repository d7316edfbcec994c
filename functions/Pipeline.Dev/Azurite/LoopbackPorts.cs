using System.Net;
using System.Net.Sockets;

namespace Pipeline.Dev;

/// <summary>Ports on 127.0.0.1 for local hosts (the function app's HTTP listener, test hosts).</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on right now, handed out by the OS.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary><paramref name="port"/> when nothing listens on it, else a free one.</summary>
    public static int PreferOrFree(int port)
    {
        if (port <= 0) return Free();
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return port;
        }
        catch (SocketException)
        {
            return Free();
        }
    }
}
