// A unit-variance, spatially smooth random field over NCHW planes, evaluated
// incrementally along the element index (the order in which tensors are written).

import Foundation

/// Where the lattice of a smooth field lies and which random stream it uses.
///
/// Lattice values sit every `length` elements along rows and columns of each plane and
/// are ≈ N(0, 1) (`Mix.gaussian`). Between them the field is interpolated with the
/// weights cos(πf/2) and sin(πf/2) along each axis (f the fractional position in the
/// cell): their squares sum to 1, so the value at every element is again unit-variance
/// without a per-element normalisation.
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

    /// The interpolation weights (cos(πf/2), sin(πf/2)) at `offset` elements into a cell,
    /// f = offset / length, from a degree-6 Taylor polynomial (|error| < 0.001, so the
    /// squared weights sum to 1 within 0.2 %). A pure function of `offset`: random
    /// access and sequential walks give bit-identical values.
    @inlinable @inline(__always)
    func weights(_ offset: Int) -> (Float, Float) {
        let f = Float(offset) * inverseLength
        return (Self.cosQuarter(f), Self.cosQuarter(1 - f))
    }

    /// cos(πu/2) for u ∈ [0, 1].
    @inlinable @inline(__always)
    static func cosQuarter(_ u: Float) -> Float {
        let u2 = u * u
        return 1 - u2 * (1.233_700_6 - u2 * (0.253_669_5 - u2 * 0.020_863_5))
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
    @usableFromInline var weightY0: Float = 1, weightY1: Float = 0
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
        (weightY0, weightY1) = layout.weights(offsetY)
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
        let (weightX0, weightX1) = layout.weights(offsetX)
        let top = g00 * weightX0 + g10 * weightX1
        let bottom = g01 * weightX0 + g11 * weightX1
        let value = top * weightY0 + bottom * weightY1
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
        (weightY0, weightY1) = layout.weights(offsetY)
    }
}
