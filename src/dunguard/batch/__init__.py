"""Batch analysis of many messages: streaming readers, an engine-agnostic chunk function,
a local process-pool driver with resume, and an optional Dask executor.

    >>> from dunguard.batch import Options, run_batch   # doctest: +SKIP
    >>> run_batch(Options("messages.jsonl", "results.parquet"))  # doctest: +SKIP
"""

from __future__ import annotations

from dunguard.errors import register_messages

register_messages({
    "batch_unknown_format": {
        "zh": "无法识别输入文件格式：{path}（支持 .jsonl、.csv、.tsv、.parquet）",
        "en": "Unknown input format: {path} (use .jsonl, .csv, .tsv or .parquet)",
    },
    "batch_unknown_output": {
        "zh": "无法识别输出格式：{path}（请用 .parquet、.jsonl，或以 / 结尾的目录）",
        "en": "Unknown output format: {path} (use .parquet, .jsonl, or a directory ending in /)",
    },
    "batch_missing_column": {
        "zh": "{path} 第 {row} 行：没有文本列 “{column}”（现有列：{available}）；请用 --text-column 指定",
        "en": "{path} row {row}: no text column '{column}' (columns: {available}); choose one with --text-column",
    },
    "batch_bad_csv": {"zh": "{path} 第 {row} 行：CSV 格式错误：{reason}", "en": "{path} row {row}: malformed CSV: {reason}"},
    "batch_bad_parquet": {
        "zh": "无法读取 Parquet 文件 {path}（文件可能被截断或损坏）：{reason}",
        "en": "Cannot read Parquet file {path} (truncated or damaged?): {reason}",
    },
    "batch_empty_text": {"zh": "文本为空", "en": "the text is empty"},
    # One bad row in the errors file (code = key); the run goes on.
    "batch_file_skipped": {"zh": "跳过了这个文件：{error}", "en": "file skipped: {error}"},
    "batch_line_too_long": {
        "zh": "这一行太长（{size} 字节，上限 {limit}），已跳过",
        "en": "line too long ({size} bytes, limit {limit}); skipped",
    },
    "batch_mixed_encoding": {
        "zh": "编码不一致：这一行是 {encoding}，文件是 {file_encoding}；已按 {encoding} 读取",
        "en": "mixed encodings: line is {encoding} while the file is {file_encoding}; read as {encoding}",
    },
    "batch_undecodable": {
        "zh": "不是 UTF-8 或 GB18030 文本；无法解码的字节已替换",
        "en": "not text in UTF-8 or GB18030; undecodable bytes replaced",
    },
    "batch_bad_json": {
        "zh": "不是有效的 JSON（第 {column} 个字符处出错）",
        "en": "not valid JSON: {detail} (column {column})",
    },
    "batch_not_object": {"zh": "JSONL 的每一行必须是一个对象（{{...}}）", "en": "a JSONL row must be an object"},
    "batch_no_text_field": {"zh": "没有 {column} 字段", "en": "no {column} field"},
    "batch_bad_csv_row": {"zh": "CSV 格式错误（{detail}）", "en": "malformed CSV: {detail}"},
    "batch_short_row": {"zh": "只有 {fields} 列，没有 {column}", "en": "only {fields} fields, no {column}"},
    "batch_bad_row_group": {
        "zh": "第 {group} 个行组无法读取（{detail}）；已跳过第 {first}-{last} 行",
        "en": "row group {group} unreadable ({detail}); rows {first}-{last} skipped",
    },
    "batch_internal": {"zh": "内部错误：{error}", "en": "internal error: {error}"},
    "batch_output_exists": {
        "zh": "输出已存在：{path}。继续上次中断的任务请加 --resume，重新开始请加 --overwrite",
        "en": "Output exists: {path}. Add --resume to continue an interrupted run, or --overwrite to start again",
    },
    "batch_output_unwritable": {
        "zh": "无法写入输出 {path}：{reason}",
        "en": "Cannot write the output {path}: {reason}",
    },
    "batch_nothing_to_resume": {
        "zh": "{path} 没有未完成的任务可以继续（找不到进度文件）；重新开始请用 --overwrite",
        "en": "Nothing to resume for {path} (no progress file); use --overwrite to start again",
    },
    "batch_bad_progress": {"zh": "进度文件损坏：{path}", "en": "The progress file is damaged: {path}"},
    "batch_resume_mismatch": {
        "zh": "无法继续：{input} 或分块、列设置与上次运行（{path}）不同；请用相同参数，或加 --overwrite 重新开始",
        "en": "Cannot resume: {input} or the chunk/column options differ from the interrupted run ({path}); "
        "use the same options, or --overwrite to start again",
    },
    "batch_no_dask": {
        "zh": "--engine dask 需要安装 dask：pip install 'dunguard[dask]'",
        "en": "--engine dask needs dask: pip install 'dunguard[dask]'",
    },
    "batch_dask_connect": {
        "zh": "无法连接 Dask 调度器 {address}：{reason}",
        "en": "Cannot reach the Dask scheduler {address}: {reason}",
    },
})

from dunguard.batch.local import Options, Summary, run_batch  # noqa: E402

__all__ = ["Options", "Summary", "run_batch"]
