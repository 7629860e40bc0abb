package dev.revive.worker.engine.imported;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Refuses a graph that could touch the worker's files, network or processes. A SavedModel is code: every op in it
 * runs with the worker's rights when loaded or called, so ops that read or write files, print to a stream, call
 * Python, or talk to other hosts are not allowed anywhere. The one exception is the checkpoint ops of the graph's
 * own saver: restoring where only its restore op reaches (the loader runs it, feeding the file name itself), saving
 * where only its save tensor reaches (never run here).
 */
public final class DeniedOps {

    /** Ops that reach outside the computation: files, streams, Python, other hosts. */
    static final Set<String> DENIED = Set.of(
            "ReadFile", "WriteFile", "MatchingFiles", "ImmutableConst",
            "Print", "PrintV2", "PyFunc", "PyFuncStateless", "EagerPyFunc",
            "WholeFileReader", "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "TFRecordReader",
            "TFRecordReaderV2", "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "LMDBReader",
            "TFRecordDataset", "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset",
            "FixedLengthRecordDatasetV2", "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset",
            "ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset", "SaveDataset", "SaveDatasetV2",
            "LoadDataset", "SnapshotDataset", "SnapshotDatasetV2", "DatasetToTFRecord",
            "ExperimentalDatasetToTFRecord", "CacheDataset", "CacheDatasetV2", "MatchingFilesDataset",
            "InitializeTableFromTextFile", "InitializeTableFromTextFileV2", "LoadAndRemapMatrix",
            "GenerateVocabRemapping", "DecodeProtoV2", "EncodeProto",
            "CreateSummaryFileWriter", "CreateSummaryDbWriter", "WriteSummary", "WriteRawProtoSummary",
            "WriteScalarSummary", "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary",
            "WriteGraphSummary", "ImportEvent", "FlushSummaryWriter", "CloseSummaryWriter", "SummaryWriter",
            "DebugIdentity", "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary",
            "DebugNumericSummaryV2",
            "Rpc", "TryRpc", "RpcServer", "RpcClient", "RpcCall", "RpcCheckStatus", "RpcGetValue",
            "RpcServerStart", "RpcServerRegister", "_Send", "_Recv", "_HostSend", "_HostRecv", "Send", "Recv",
            "CollectiveReduce", "CollectiveReduceV2", "CollectiveReduceV3", "CollectiveGather",
            "CollectiveGatherV2", "CollectiveBcastSend", "CollectiveBcastRecv", "CollectiveBcastSendV2",
            "CollectiveBcastRecvV2", "CollectiveAllToAllV2", "CollectiveAllToAllV3",
            "Save", "SaveV2", "SaveSlices", "Restore", "RestoreV2", "RestoreSlice", "MergeV2Checkpoints");

    /** What the saver's restore op alone may run: reading the variables' checkpoint the loader names. */
    static final Set<String> RESTORE_ONLY = Set.of("Restore", "RestoreV2", "RestoreSlice");
    /** What the saver's save tensor alone may run (the loader never does); exporters write it into every graph. */
    static final Set<String> SAVE_ONLY = Set.of("Save", "SaveV2", "SaveSlices", "MergeV2Checkpoints");

    private DeniedOps() {
    }

    /** @throws UnsupportedModelException naming the denied ops found */
    public static void check(MetaGraphDef meta) {
        Map<String, NodeDef> nodes = new HashMap<>();
        meta.getGraphDef().getNodeList().forEach(node -> nodes.put(node.getName(), node));
        Map<String, FunctionDef> functions = new HashMap<>();
        meta.getGraphDef().getLibrary().getFunctionList()
                .forEach(function -> functions.put(function.getSignature().getName(), function));

        Reach restore = new Reach(nodes, functions);
        Reach save = new Reach(nodes, functions);
        if (meta.hasSaverDef()) {
            restore.fromTensor(meta.getSaverDef().getRestoreOpName());
            save.fromTensor(meta.getSaverDef().getSaveTensorName());
        }
        Reach rest = new Reach(nodes, functions);
        nodes.keySet().stream().filter(name -> !restore.nodes.contains(name) && !save.nodes.contains(name))
                .forEach(rest::fromTensor);

        Set<String> found = new TreeSet<>();
        for (NodeDef node : nodes.values()) {
            deny(found, node, restore.nodes.contains(node.getName()), save.nodes.contains(node.getName()));
        }
        for (FunctionDef function : functions.values()) {
            String name = function.getSignature().getName();
            boolean restoring = restore.functions.contains(name) && !rest.functions.contains(name)
                    && !save.functions.contains(name);
            boolean saving = save.functions.contains(name) && !rest.functions.contains(name)
                    && !restore.functions.contains(name);
            for (NodeDef node : function.getNodeDefList()) {
                deny(found, node, restoring, saving);
            }
        }
        if (!found.isEmpty()) {
            throw new UnsupportedModelException("the model contains ops that reach outside the computation (files,"
                    + " streams, Python or the network), which Revive does not run: " + String.join(", ", found));
        }
    }

    private static void deny(Set<String> found, NodeDef node, boolean restoring, boolean saving) {
        String op = node.getOp();
        boolean allowed = restoring && RESTORE_ONLY.contains(op) || saving && SAVE_ONLY.contains(op);
        if (DENIED.contains(op) && !allowed) {
            found.add(op);
        }
    }

    /** The graph nodes and library functions that running some tensors may execute. */
    private static final class Reach {
        private final Map<String, NodeDef> graph;
        private final Map<String, FunctionDef> library;
        final Set<String> nodes = new HashSet<>();
        final Set<String> functions = new HashSet<>();

        Reach(Map<String, NodeDef> graph, Map<String, FunctionDef> library) {
            this.graph = graph;
            this.library = library;
        }

        void fromTensor(String tensor) {
            Deque<String> todo = new ArrayDeque<>();
            todo.push(nodeName(tensor));
            while (!todo.isEmpty()) {
                NodeDef node = graph.get(todo.pop());
                if (node == null || !nodes.add(node.getName())) {
                    continue;
                }
                node.getInputList().forEach(input -> todo.push(nodeName(input)));
                calls(node);
            }
        }

        /** Functions a node calls: by op name, or through function-valued attributes (calls, loops, conditions). */
        private void calls(NodeDef node) {
            Deque<String> todo = new ArrayDeque<>();
            todo.push(node.getOp());
            node.getAttrMap().values().forEach(value -> attrFunctions(value, todo));
            while (!todo.isEmpty()) {
                FunctionDef function = library.get(todo.pop());
                if (function == null || !functions.add(function.getSignature().getName())) {
                    continue;
                }
                for (NodeDef inner : function.getNodeDefList()) {
                    todo.push(inner.getOp());
                    inner.getAttrMap().values().forEach(value -> attrFunctions(value, todo));
                }
            }
        }

        private static void attrFunctions(AttrValue value, Deque<String> out) {
            if (value.hasFunc()) {
                out.push(value.getFunc().getName());
            }
            if (value.hasList()) {
                value.getList().getFuncList().forEach(func -> out.push(func.getName()));
            }
        }

        private static String nodeName(String tensor) {
            String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
            int colon = name.indexOf(':');
            return colon < 0 ? name : name.substring(0, colon);
        }
    }
}
