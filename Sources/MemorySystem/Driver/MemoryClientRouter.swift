import SimKernel

/// Lets several clients share one `MemorySystem`: completions go to the client registered
/// for the request's `source` tag (the primary client gets every other tag), and "queue
/// has room" goes to every client, primary first, so each retries what it holds back.
/// Like a controller's reference to its client, the router does not retain its clients
/// (the GPU keeps its L2, a run keeps its DMA engine), so no reference cycle forms through
/// the memory system that retains the router.
public final class MemoryClientRouter: MemoryClient {
    unowned(unsafe) let primary: any MemoryClient
    private var tags: [UInt32] = []
    private var clients: [Ref] = []
    private struct Ref { unowned(unsafe) let client: any MemoryClient }

    public init(primary: any MemoryClient) { self.primary = primary }

    /// Routes completions of requests whose `source` is `tag` to `client`. The tag must not
    /// be one the primary client or the mechanism engine uses.
    public func add(_ client: any MemoryClient, source tag: UInt32) {
        precondition(!tags.contains(tag), "source tag \(tag) routed twice")
        tags.append(tag)
        clients.append(Ref(client: client))
    }

    public func memoryCompleted(_ completion: Completion, _ sim: Simulator) {
        for (i, t) in tags.enumerated() where t == completion.request.source {
            clients[i].client.memoryCompleted(completion, sim)
            return
        }
        primary.memoryCompleted(completion, sim)
    }

    public func memorySpaceAvailable(channel: Int, _ sim: Simulator) {
        primary.memorySpaceAvailable(channel: channel, sim)
        for c in clients { c.client.memorySpaceAvailable(channel: channel, sim) }
    }
}
