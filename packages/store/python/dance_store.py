"""Read DANCE store chunks from Python.

Chunks are standard files: Parquet (any Parquet reader) and Arrow IPC with zstd buffers
(pyarrow.ipc.open_file, polars.read_ipc, ...). One DANCE codec needs this module or its one-line
equivalent: `split-bytes`, used for 16-bit waveform arrays. Such a field `data` is stored as two
columns `data_lo` and `data_hi` (fixed-size lists of uint8, field metadata `dance.codec`
= `split-bytes:lo` / `split-bytes:hi`, `dance.dtype` = `i16` or `u16`); sample i is
lo[i] | hi[i] << 8. Splitting the planes lets zstd squeeze the nearly constant high bytes.
"""
import numpy as np

__all__ = ["join_bytes", "read_arrow_chunk"]


def join_bytes(lo, hi, dtype="<i2"):
    """Rebuild 16-bit samples from their low and high byte planes (any matching shapes)."""
    lo = np.asarray(lo, dtype=np.uint8)
    hi = np.asarray(hi, dtype=np.uint8)
    if lo.shape != hi.shape:
        raise ValueError(f"byte planes differ in shape: {lo.shape} vs {hi.shape}")
    return np.stack([lo, hi], axis=-1).view(dtype)[..., 0]


def read_arrow_chunk(path):
    """All columns of an Arrow IPC chunk as numpy arrays, split-bytes fields joined (needs pyarrow)."""
    import pyarrow.ipc

    table = pyarrow.ipc.open_file(path).read_all()
    out = {}
    for field in table.schema:
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        column = table.column(field.name).combine_chunks()
        if hasattr(column, "flatten") and field.type.num_fields:
            values = column.flatten().to_numpy().reshape(len(column), -1)
        else:
            values = column.to_numpy()
        codec = meta.get("dance.codec", "")
        if codec == "split-bytes:lo":
            name = meta["dance.field"]
            hi = table.column(f"{name}_hi").combine_chunks().flatten().to_numpy().reshape(len(column), -1)
            out[name] = join_bytes(values, hi, "<i2" if meta.get("dance.dtype") == "i16" else "<u2")
        elif codec != "split-bytes:hi":
            out[field.name] = values
    return out
