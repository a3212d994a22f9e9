// One published server, one serve.js and one Chromium for the whole project, and one journey at a time: journeys share
// the server's data, and on a two-core machine two browsers side by side only starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
