// A unit-variance, spatially smooth random field over NCHW planes, evaluated
// incrementally along the element index (the order in which tensors are written).

/// Where the lattice of a smooth field lies and which random stream it uses.
///
/// Lattice values sit every `length` elements along rows and columns of each plane and
/// are ≈ N(0, 1) (`Mix.gaussian`); between them the field is bilinearly interpolated and
/// divided by √(Σ wₖ²), so that its value at every element is again unit-variance.
@usableFromInline
struct FieldLayout: Sendable, Hashable {
    @usableFromInline let width: Int
    @usableFromInline let height: Int
    @usableFromInline let length: Int
    @usableFromInline let latticeWidth: UInt64
    @usableFromInline let latticePlane: UInt64
    @usableFromInline let inverseLength: Float
    @usableFromInline let key: UInt64
    /// Key of the per-plane values (one ≈ N(0, 1) value per plane).
    @usableFromInline let planeKey: UInt64

    init(_ geometry: PlaneGeometry, key: UInt64) {
        width = max(geometry.width, 1)
        height = max(geometry.height, 1)
        length = max(geometry.correlationLength, 1)
        latticeWidth = UInt64((width - 1) / length + 2)
        latticePlane = latticeWidth * UInt64((height - 1) / length + 2)
        inverseLength = 1 / Float(length)
        self.key = key
        planeKey = Mix.mix(key ^ 0x2545_F491_4F6C_DD1D)
    }

    /// The per-plane value of `plane`.
    @inlinable @inline(__always)
    func planeValue(_ plane: Int) -> Float {
        Mix.gaussian(Mix.word(planeKey, UInt64(truncatingIfNeeded: plane)))
    }

    /// The lattice value at column `lx`, row `ly` of `plane`.
    @inlinable @inline(__always)
    func lattice(_ plane: Int, _ lx: Int, _ ly: Int) -> Float {
        let index = UInt64(truncatingIfNeeded: plane) &* latticePlane
            &+ UInt64(truncatingIfNeeded: ly) &* latticeWidth &+ UInt64(truncatingIfNeeded: lx)
        return Mix.gaussian(Mix.word(key, index))
    }
}

/// Walks a `FieldLayout` element by element, caching the four lattice values of the
/// current cell, so that consecutive elements cost a few multiplications each.
@usableFromInline
struct FieldCursor: Sendable {
    @usableFromInline let layout: FieldLayout
    @usableFromInline var plane: Int, y: Int, x: Int
    @usableFromInline var cellX: Int, cellY: Int, offsetX: Int, offsetY: Int
    @usableFromInline var g00: Float = 0, g10: Float = 0, g01: Float = 0, g11: Float = 0
    @usableFromInline var weightY0: Float = 1, weightY1: Float = 0, normY: Float = 1
    @usableFromInline var cellLoaded = false
    /// The per-plane value of the current plane (`FieldLayout.planeValue`).
    @usableFromInline var planeValue: Float = 0

    /// A cursor at element `index` (≥ 0) of the tensor.
    @inlinable
    init(_ layout: FieldLayout, at index: Int) {
        self.layout = layout
        let planeSize = layout.width * layout.height
        plane = index / planeSize
        let inPlane = index - plane * planeSize
        y = inPlane / layout.width
        x = inPlane - y * layout.width
        cellX = x / layout.length
        offsetX = x - cellX * layout.length
        cellY = y / layout.length
        offsetY = y - cellY * layout.length
        planeValue = layout.planeValue(plane)
        loadRowWeights()
    }

    @inlinable @inline(__always)
    mutating func loadRowWeights() {
        let fy = Float(offsetY) * layout.inverseLength
        weightY0 = 1 - fy
        weightY1 = fy
        normY = weightY0 * weightY0 + weightY1 * weightY1
    }

    @inlinable @inline(__always)
    mutating func loadCell() {
        g00 = layout.lattice(plane, cellX, cellY)
        g10 = layout.lattice(plane, cellX + 1, cellY)
        g01 = layout.lattice(plane, cellX, cellY + 1)
        g11 = layout.lattice(plane, cellX + 1, cellY + 1)
        cellLoaded = true
    }

    /// The field value at the current element; then moves to the next element.
    @inlinable @inline(__always)
    mutating func next() -> Float {
        if !cellLoaded { loadCell() }
        let fx = Float(offsetX) * layout.inverseLength
        let wx0 = 1 - fx
        let top = g00 * wx0 + g10 * fx
        let bottom = g01 * wx0 + g11 * fx
        let value = (top * weightY0 + bottom * weightY1)
            / ((wx0 * wx0 + fx * fx) * normY).squareRoot()
        advance()
        return value
    }

    @inlinable @inline(__always)
    mutating func advance() {
        x += 1
        offsetX += 1
        if offsetX == layout.length {
            offsetX = 0
            cellX += 1
            cellLoaded = false
        }
        if x == layout.width { nextRow() }
    }

    @inlinable
    mutating func nextRow() {
        x = 0
        offsetX = 0
        cellX = 0
        cellLoaded = false
        y += 1
        offsetY += 1
        if offsetY == layout.length {
            offsetY = 0
            cellY += 1
        }
        if y == layout.height {
            y = 0
            offsetY = 0
            cellY = 0
            plane += 1
            planeValue = layout.planeValue(plane)
        }
        loadRowWeights()
    }
}
