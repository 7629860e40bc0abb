package dev.revive.worker.engine.imported;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;

/**
 * The deny list on graphs shaped like Python's TF2 exports, where the ops live in library functions called through
 * StatefulPartitionedCall and the saver is two such calls: written as protocol buffers, since no Python is here.
 */
class DeniedOpsTest {

    static NodeDef node(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
    }

    static NodeDef call(String name, String function, String... inputs) {
        return node(name, "StatefulPartitionedCall", inputs).toBuilder().putAttr("f",
                AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build()).build();
    }

    static FunctionDef function(String name, NodeDef... body) {
        return FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName(name)).addAllNodeDef(List.of(body))
                .build();
    }

    /** A Keras-like export: serving, save and restore each through a function; {@code serving} is the model body. */
    static MetaGraphDef export(FunctionDef serving, FunctionDef... more) {
        FunctionDefLibrary.Builder library = FunctionDefLibrary.newBuilder().addFunction(serving)
                .addFunction(function("__inference__traced_save_9", node("save", "SaveV2"),
                        node("merge", "MergeV2Checkpoints")))
                .addFunction(function("__inference__traced_restore_9", node("restore", "RestoreV2"),
                        node("assign", "AssignVariableOp")));
        for (FunctionDef f : more) {
            library.addFunction(f);
        }
        GraphDef graph = GraphDef.newBuilder()
                .addNode(node("serving_default_noisy", "Placeholder"))
                .addNode(node("kernel", "VarHandleOp"))
                .addNode(node("saver_filename", "Placeholder"))
                .addNode(call("StatefulPartitionedCall", serving.getSignature().getName(), "serving_default_noisy",
                        "kernel"))
                .addNode(call("StatefulPartitionedCall_1", "__inference__traced_save_9", "saver_filename", "kernel"))
                .addNode(call("StatefulPartitionedCall_2", "__inference__traced_restore_9", "saver_filename",
                        "kernel"))
                .setLibrary(library).build();
        return MetaGraphDef.newBuilder().setGraphDef(graph).setSaverDef(SaverDef.newBuilder()
                .setFilenameTensorName("saver_filename:0").setSaveTensorName("StatefulPartitionedCall_1:0")
                .setRestoreOpName("StatefulPartitionedCall_2")).build();
    }

    static FunctionDef model(NodeDef... extra) {
        List<NodeDef> body = new java.util.ArrayList<>(List.of(node("conv", "Conv2D"), node("relu", "Relu")));
        body.addAll(List.of(extra));
        return function("__inference_signature_wrapper_7", body.toArray(NodeDef[]::new));
    }

    @Test
    void thePythonSaverIsAllowedItsCheckpointOps() {
        assertDoesNotThrow(() -> DeniedOps.check(export(model())));
    }

    @Test
    void deniedOpsAreFoundInsideFunctionsAndTheirCallees() {
        assertRefused(export(model(node("read", "ReadFile"))), "ReadFile");
        assertRefused(export(model(node("py", "EagerPyFunc"))), "EagerPyFunc");
        FunctionDef helper = function("helper", node("print", "PrintV2"));
        FunctionDef viaWhile = model(node("loop", "While").toBuilder().putAttr("body",
                AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName("helper")).build()).build());
        assertRefused(export(viaWhile, helper), "PrintV2");
        // an unused function in the library is refused too: nothing of a user's graph is trusted
        assertRefused(export(model(), function("spare", node("w", "WriteFile"))), "WriteFile");
    }

    @Test
    void checkpointOpsOutsideTheSaverAreRefused() {
        assertRefused(export(model(node("leak", "SaveV2"))), "SaveV2");
        // the serving function calling the saver's own restore function makes it no longer the saver's alone
        assertRefused(export(model(call("again", "__inference__traced_restore_9"))), "RestoreV2");
        MetaGraphDef restoreSaves = export(model());
        GraphDef.Builder graph = restoreSaves.getGraphDef().toBuilder();
        graph.getLibraryBuilder().getFunctionBuilderList().stream()
                .filter(f -> f.getSignature().getName().startsWith("__inference__traced_restore"))
                .forEach(f -> f.addNodeDef(node("sneak", "SaveV2")));
        assertRefused(restoreSaves.toBuilder().setGraphDef(graph).build(), "SaveV2");
    }

    private static void assertRefused(MetaGraphDef meta, String op) {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> DeniedOps.check(meta));
        assertTrue(e.getMessage().contains(op), e.getMessage());
    }
}
