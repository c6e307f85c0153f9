'use client';
/**
 * The admin's interactive parts, each in a chunk of its own that the browser
 * loads only when the page renders it: a visitor's page references none of
 * them, so it loads no editing code at all (e2e/table.spec.ts checks).
 * With JavaScript off, or before it loads, each still renders on the server.
 */
import dynamic from 'next/dynamic';

// The admin's rows: their chunk brings the row editor with it, loaded before the page is
// interactive, so an editor opens in the click's own render (AdminRowsBody.tsx).
export const AdminRowsBody = dynamic(() => import('./products/AdminRowsBody').then((module) => module.AdminRowsBody));
export const BulkBar = dynamic(() => import('./products/BulkBar').then((module) => module.BulkBar));
export const CreateProductForm = dynamic(() => import('./products/CreateProductForm').then((module) => module.CreateProductForm));
export const DeleteConfirmation = dynamic(() => import('./products/DeleteConfirmation').then((module) => module.DeleteConfirmation));
export const InvalidateCacheButton = dynamic(() => import('./products/InvalidateCacheButton').then((module) => module.InvalidateCacheButton));
export const RecreateProduct = dynamic(() => import('./products/RecreateProduct').then((module) => module.RecreateProduct));
export const ProductEditor = dynamic(() => import('./products/ProductEditor').then((module) => module.ProductEditor));
export const TableController = dynamic(() => import('./products/TableController').then((module) => module.TableController));
export const SignOutControls = dynamic(() => import('./auth/SignOutControls').then((module) => module.SignOutControls));
