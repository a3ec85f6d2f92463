"""RFC 6962 / 9162 Merkle trees: test vectors and every corruption of a good proof, in the
style of transparency-dev/merkle's proof/verify_test.go."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
HASHES = [leaf_hash(x) for x in LEAVES]
ROOTS = {  # RFC 6962 reference tree, roots of the first n leaves
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


def b64s(items: list[bytes]) -> list[str]:
    return [base64.b64encode(i).decode() for i in items]


def test_empty_tree_root() -> None:
    assert root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert Frontier().root() == EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_reference_roots(size: int) -> None:
    assert root(HASHES[:size]).hex() == ROOTS[size]
    frontier = Frontier()
    for h in HASHES[:size]:
        frontier.append(h)
    assert frontier.root().hex() == ROOTS[size]


def test_reference_proofs() -> None:
    # Published vectors (transparency-dev/merkle testdata) for this tree.
    assert b64s(inclusion_proof(0, HASHES)) == [
        "lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=",
        "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
        "a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=",
    ]
    assert b64s(consistency_proof(1, HASHES)) == b64s(inclusion_proof(0, HASHES))
    assert b64s(consistency_proof(2, HASHES[:5])) == [
        "Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=",
        "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
    ]


def flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def inclusion_corruptions(index: int, size: int, leaf: bytes, proof: list[bytes], good_root: bytes):
    garbage = b"\x42" * 32
    yield "index+1", (index + 1, size, leaf, proof, good_root)
    yield "index-1", (index - 1, size, leaf, proof, good_root)
    yield "index^2", (index ^ 2, size, leaf, proof, good_root)
    yield "size*2", (index, size * 2, leaf, proof, good_root)
    yield "size/2", (index, size // 2, leaf, proof, good_root)
    yield "wrong root", (index, size, leaf, proof, flip(good_root, 3))
    yield "empty root", (index, size, leaf, proof, EMPTY_ROOT)
    yield "wrong leaf", (index, size, flip(leaf, 0), proof, good_root)
    yield "preceding garbage", (index, size, leaf, [garbage, *proof], good_root)
    yield "trailing garbage", (index, size, leaf, [*proof, garbage], good_root)
    yield "trailing root", (index, size, leaf, [*proof, good_root], good_root)
    if proof:
        yield "short element", (index, size, leaf, [p[:31] for p in proof], good_root)
    for i in range(len(proof)):
        for bit in (0, 7, 100, 255):
            bad = list(proof)
            bad[i] = flip(bad[i], bit)
            yield f"bit {bit} of element {i}", (index, size, leaf, bad, good_root)
        yield f"removed element {i}", (index, size, leaf, proof[:i] + proof[i + 1 :], good_root)
        yield (
            f"inserted element {i}",
            (index, size, leaf, [*proof[:i], garbage, *proof[i:]], good_root),
        )


CASES = [(i, n) for n in range(1, 9) for i in range(n)] + [
    (0, 100),
    (57, 100),
    (99, 100),
    (1023, 1024),
    (1000, 1025),
]


def _tree(n: int) -> list[bytes]:
    return HASHES[:n] if n <= 8 else [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


@pytest.mark.parametrize(("index", "size"), CASES)
def test_inclusion_good_proof_passes_and_every_corruption_fails(index: int, size: int) -> None:
    hashes = _tree(size)
    good_root, proof = root(hashes), inclusion_proof(index, hashes)
    assert verify_inclusion(index, size, hashes[index], proof, good_root)
    for name, case in inclusion_corruptions(index, size, hashes[index], proof, good_root):
        if name in ("index^2",) and case[0] == index:
            continue
        assert not verify_inclusion(*case), name


def consistency_corruptions(m: int, n: int, r1: bytes, r2: bytes, proof: list[bytes]):
    garbage = b"\x42" * 32
    yield "size1+1", (m + 1, n, r1, r2, proof)
    yield "size1-1", (m - 1, n, r1, r2, proof)
    yield "size1^2", (m ^ 2, n, r1, r2, proof)
    yield "size2*2", (m, n * 2, r1, r2, proof)
    yield "size2/2", (m, n // 2, r1, r2, proof)
    yield "swapped roots", (m, n, r2, r1, proof)
    yield "wrong root1", (m, n, flip(r1, 5), r2, proof)
    yield "wrong root2", (m, n, r1, flip(r2, 5), proof)
    yield "empty proof", (m, n, r1, r2, [])
    yield "truncated proof", (m, n, r1, r2, proof[:-1])
    yield "preceding garbage", (m, n, r1, r2, [garbage, *proof])
    yield "trailing garbage", (m, n, r1, r2, [*proof, garbage])
    yield "preceding root1", (m, n, r1, r2, [r1, *proof])
    yield "trailing root2", (m, n, r1, r2, [*proof, r2])
    for i in range(len(proof)):
        for bit in (0, 4, 200):
            bad = list(proof)
            bad[i] = flip(bad[i], bit)
            yield f"bit {bit} of element {i}", (m, n, r1, r2, bad)


CONSISTENCY = [(m, n) for n in range(2, 9) for m in range(1, n)] + [
    (3, 100),
    (64, 100),
    (99, 100),
    (513, 1025),
]


@pytest.mark.parametrize(("old", "new"), CONSISTENCY)
def test_consistency_good_proof_passes_and_every_corruption_fails(old: int, new: int) -> None:
    hashes = _tree(new)
    r1, r2 = root(hashes[:old]), root(hashes)
    proof = consistency_proof(old, hashes)
    assert verify_consistency(old, new, r1, r2, proof)
    for name, case in consistency_corruptions(old, new, r1, r2, proof):
        if case[0] == case[1] and case[2] == case[3] and not case[4]:
            continue  # degenerate: equal sizes and roots with an empty proof are consistent
        assert not verify_consistency(*case), name


def test_trivial_consistency_cases() -> None:
    hashes = _tree(8)
    assert verify_consistency(8, 8, root(hashes), root(hashes), [])
    assert not verify_consistency(8, 8, root(hashes), root(hashes), [hashes[0]])
    assert verify_consistency(0, 8, EMPTY_ROOT, root(hashes), [])
    assert not verify_consistency(9, 8, root(hashes), root(hashes), [])


@given(st.integers(1, 300), st.data())
def test_frontier_and_proofs_agree_with_full_recomputation(size: int, data) -> None:
    hashes = [leaf_hash(i.to_bytes(2, "big")) for i in range(size)]
    frontier = Frontier()
    for h in hashes:
        frontier.append(h)
    assert frontier.root() == root(hashes)
    index = data.draw(st.integers(0, size - 1))
    assert verify_inclusion(
        index, size, hashes[index], inclusion_proof(index, hashes), root(hashes)
    )
    old = data.draw(st.integers(0, size))
    assert verify_consistency(
        old, size, root(hashes[:old]), root(hashes), consistency_proof(old, hashes)
    )
