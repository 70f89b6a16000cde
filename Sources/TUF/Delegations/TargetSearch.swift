internal import CustosSupport

/// The target search TUF specifies: a pre-order depth-first walk of the delegation tree in listing order, entering
/// only delegations whose paths match the target, skipping roles already visited, stopping after a terminating
/// delegation's subtree and after `maximumDelegations` visited roles. `load` returns a role's trusted metadata as
/// delegated by the given delegator (downloading it, or re-verifying a cached one), or nil to end the search.
package enum TargetSearch {
    package static func find(
        _ targetPath: String, maximumDelegations: Int,
        load: (_ role: String, _ delegator: String) throws(TUFError) -> TargetsMetadata?
    ) throws(TUFError) -> TargetFile? {
        var stack: [(role: String, delegator: String)] = [(TargetsMetadata.typeName, RootMetadata.roleName)]
        var visited: Set<ExactString> = []
        while visited.count <= maximumDelegations, let (role, delegator) = stack.popLast() {
            if visited.contains(ExactString(role)) { continue }
            guard let targets = try load(role, delegator) else { return nil }
            if let target = targets.targets[ExactString(targetPath)] { return target }
            visited.insert(ExactString(role))
            guard let delegations = targets.delegations else { continue }
            var children: [(role: String, delegator: String)] = []
            for (child, terminating) in delegations.roles(forTargetPath: targetPath) {
                children.append((child, role))
                if terminating {
                    // A terminating delegation ends the search after its own subtree.
                    stack.removeAll()
                    break
                }
            }
            stack.append(contentsOf: children.reversed())
        }
        return nil
    }
}
