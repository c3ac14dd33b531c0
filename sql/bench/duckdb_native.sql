-- The benchmark's native baseline: DuckDB alone copies the generated export (${csv}) to Parquet
-- (${parquet}), with the same columns, dialect and compression as the PairObs lake, no validation.
COPY (
    SELECT * FROM read_csv('${csv}', delim = ';', header = true, encoding = 'latin-1',
                           dateformat = '%d/%m/%Y', decimal_separator = ',',
                           columns = {'contact_id': 'VARCHAR', 'worker_code': 'VARCHAR', 'structure_id': 'VARCHAR',
                                      'contact_on': 'DATE', 'modality': 'VARCHAR', 'minutes': 'DOUBLE',
                                      'setting': 'VARCHAR', 'nir': 'VARCHAR', 'last_name': 'VARCHAR',
                                      'first_name': 'VARCHAR', 'birth_date': 'DATE', 'sex': 'VARCHAR',
                                      'residence_dept': 'VARCHAR'})
) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd);
