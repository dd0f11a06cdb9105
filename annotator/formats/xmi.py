"""UIMA CAS XMI, both ways, through dkpro-cassis: the format of INCEpTION, DKPro Core and other Java tools.

Out: a folder with ``TypeSystem.xml`` and one ``ID.xmi`` per article. A claim is a ``webanno.custom.Claim``
annotation (INCEpTION's naming for custom span layers) with the features label, status, annotator, verdict,
note, evidence, origin, confidence and claimId, and the features source and cue pointing to
``webanno.custom.ClaimPart`` annotations (role "source" or "cue"). The article's id and title are in
DKPro's ``DocumentMetaData``. UIMA offsets are Java UTF-16 units: cassis converts them to and from code
points, so every offset in our code stays a code point.

In: an ``.xmi`` file with ``TypeSystem.xml`` beside it (as our export and INCEpTION's "UIMA CAS XMI" export
write them). XML from someone else: a file with a document type declaration (DTD) is refused before the
parser sees it, so no entity, internal or external, is ever expanded, and lxml's default limits (no
huge_tree, no network) stay on; those limits make 10 MB the largest article text in an XMI file.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Claim, Document
from annotator.formats.atomic import atomic_folder
from annotator.formats.base import (
    DEFAULT_WRITE,
    ArticleIn,
    BadInputError,
    ReadOptions,
    ReadResult,
    WriteOptions,
)
from annotator.formats.brat import file_stem
from annotator.formats.limits import check_article, check_claim_count
from annotator.formats.writers import Records, WriteCounts

if TYPE_CHECKING:
    from cassis import Cas, TypeSystem

CLAIM = "webanno.custom.Claim"
PART = "webanno.custom.ClaimPart"
META = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPESYSTEM = "TypeSystem.xml"
_STRING_FEATURES = ("label", "status", "annotator", "verdict", "note", "evidence", "origin", "claimId")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # outside XML 1.0's characters
MAX_XMI_TEXT_BYTES = 10_000_000  # libxml2's limit on one attribute value without huge_tree


def claim_typesystem() -> TypeSystem:
    from cassis import TypeSystem

    ts = TypeSystem()
    meta = ts.create_type(META, supertypeName="uima.tcas.DocumentAnnotation")
    for name in ("documentTitle", "documentId", "documentUri", "collectionId", "documentBaseUri"):
        ts.create_feature(meta, name, "uima.cas.String")
    ts.create_feature(meta, "isLastSegment", "uima.cas.Boolean")
    part = ts.create_type(PART, description="The source or the cue of an attributed claim")
    ts.create_feature(part, "role", "uima.cas.String")
    claim = ts.create_type(CLAIM, description="A claim: attributed, disputed or factual")
    for name in _STRING_FEATURES:
        ts.create_feature(claim, name, "uima.cas.String")
    ts.create_feature(claim, "confidence", "uima.cas.Double")
    ts.create_feature(claim, "source", PART)
    ts.create_feature(claim, "cue", PART)
    return ts


def claims_cas(ts: TypeSystem, doc: Document, claims: Sequence[Claim]) -> Cas:
    from cassis import Cas

    cas = Cas(typesystem=ts)
    cas.sofa_string = doc.text
    cas.sofa_mime = "text/plain"
    Meta, Part, ClaimType = ts.get_type(META), ts.get_type(PART), ts.get_type(CLAIM)
    cas.add(Meta(begin=0, end=len(doc.text), documentTitle=doc.title, documentId=doc.id))
    for claim in claims:
        parts: dict[str, Any] = {}
        for role in ("source", "cue"):
            span = getattr(claim, role)
            if span is not None:
                parts[role] = Part(begin=span.start, end=span.end, role=role)
                cas.add(parts[role])
        features = {
            "label": claim.label,
            "status": claim.status,
            "annotator": claim.annotator,
            "verdict": claim.verdict,
            "note": claim.note,
            "evidence": " ".join(claim.evidence) or None,
            "origin": claim.origin,
            "claimId": claim.id,
            "confidence": claim.confidence,
        }
        cas.add(
            ClaimType(
                begin=claim.start,
                end=claim.end,
                **parts,
                **{k: v for k, v in features.items() if v is not None},
            )
        )
    return cas


def write_xmi(path: Path, records: Records, options: WriteOptions = DEFAULT_WRITE) -> WriteCounts:
    counts = WriteCounts()
    ts = claim_typesystem()
    used: set[str] = set()

    def earlier_export(folder: Path) -> bool:
        return all(c.is_file() and (c.suffix == ".xmi" or c.name == TYPESYSTEM) for c in folder.iterdir())

    unfit = 0
    with atomic_folder(path, earlier_export) as folder:
        ts.to_xml(folder / TYPESYSTEM)
        for doc, claims in records:
            if _NOT_XML.search(doc.text):
                unfit += 1
                for claim in claims:
                    counts.skip("are in an article that XML 1.0 cannot hold, and were left out", claim)
                continue
            claims_cas(ts, doc, claims).to_xmi(folder / f"{file_stem(doc.id, used)}.xmi")
            counts.documents += 1
            counts.claims += len(claims)
    if unfit:
        counts.warnings.append(
            f"{unfit} article(s) have control characters (such as U+0001) that XML 1.0, and so UIMA XMI, "
            "cannot hold; they were left out."
        )
    return counts


def _refuse_dtd(path: Path, data: bytes) -> None:
    match = _DTD.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        raise BadInputError(
            f"{path}, line {line}: the XML has a document type declaration, which a CAS XMI never needs; it "
            "was refused so that no entity is expanded."
        )


def _load(path: Path) -> tuple[Cas, int]:
    """The CAS, and how many annotations of types its type system lacks were left out (lenient)."""
    from cassis import load_cas_from_xmi, load_typesystem

    ts_path = path.with_name(TYPESYSTEM)
    if not ts_path.is_file():
        raise BadInputError(
            f"{path} has no {TYPESYSTEM} beside it; export the type system with the XMI files."
        )
    ts_data, data = ts_path.read_bytes(), path.read_bytes()
    _refuse_dtd(ts_path, ts_data)
    _refuse_dtd(path, data)
    try:
        ts = load_typesystem(ts_data.decode("utf-8"))
    except Exception as exc:  # lxml and cassis raise many types for a broken type system
        raise BadInputError(
            f"{ts_path} is not a UIMA type system that can be read ({_one_line(exc)})."
        ) from exc
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cas = load_cas_from_xmi(data.decode("utf-8"), typesystem=ts, lenient=True)
        return cas, len(caught)
    except Exception as exc:  # lxml, cassis and the UTF-8 decoding raise many types
        detail = _one_line(exc)
        if "huge" in detail.lower():
            detail = f"the article is larger than the XMI limit of {MAX_XMI_TEXT_BYTES:,} bytes"
        raise BadInputError(f"{path} is not a CAS XMI file that can be read ({detail}).") from exc


def read_xmi(path: Path, options: ReadOptions) -> ReadResult:
    cas, unknown = _load(path)
    text = cas.sofa_string or ""
    check_article(str(path), text)
    if not text.strip():
        raise BadInputError(f"{path} has no text (an empty sofa); there is no article to import.")
    if "\r" in text or text.startswith("\ufeff"):
        raise BadInputError(
            f"{path} has CR line ends or a BOM in its text, which would move every offset; "
            "convert the document to LF line ends first."
        )
    title, meta = path.stem, {"source_path": str(path)}
    for meta_fs in cas.select(META) if META in {t.name for t in cas.typesystem.get_types()} else []:
        title = meta_fs.get("documentTitle") or title
    claims: list[dict[str, Any]] = []
    annotations = cas.select(CLAIM) if CLAIM in {t.name for t in cas.typesystem.get_types()} else []
    check_claim_count(str(path), len(annotations))
    for fs in annotations:
        claim: dict[str, Any] = {"start": fs.begin, "end": fs.end, "origin": "import"}
        for name in _STRING_FEATURES:
            value = fs.get(name)
            if value is not None:
                claim[{"claimId": "id"}.get(name, name)] = value
        if fs.get("confidence") is not None:
            claim["confidence"] = fs.get("confidence")
        claim["evidence"] = (claim.get("evidence") or "").split()
        claim.setdefault("status", "accepted")
        for role in ("source", "cue"):
            part = fs.get(role)
            if part is not None:
                claim[role] = {"start": part.begin, "end": part.end}
        claims.append(claim)
    warned = []
    if unknown:
        warned.append(f"{path}: {unknown} annotation type(s) not in {TYPESYSTEM} were left out.")
    return ReadResult([ArticleIn(text, title, meta, claims=claims)], warned)


def _one_line(exc: Exception) -> str:
    """A parser's message as one line (lxml's can hold line breaks, even a lone one after a NUL byte)."""
    return " ".join(str(exc).split()) or type(exc).__name__
