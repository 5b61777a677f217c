-- replaces checksum 9bbc3c4dc6178f5048c5481ae27eafea50eaf388d1e622ce2ae273db69b20a4b
-- Made the cleaning macros faster, same results; they now live in the repeatable cleaning script
-- etl/CrmWarehouse.Etl/Clean/clean.sql (see 0005), whose header keeps the profiling notes.
SELECT 'the faster cleaning macros moved to Clean/clean.sql' AS note;
